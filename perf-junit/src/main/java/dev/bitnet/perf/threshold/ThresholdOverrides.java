package dev.bitnet.perf.threshold;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bitnet.perf.env.EnvironmentFingerprint;
import dev.bitnet.perf.sample.Metric;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * {@code ThresholdOverrides} are per-environment adjustments of stated thresholds, read from a
 * plain JSON file ({@code perf-overrides.json} by default, found in the working directory or
 * above it; configuration parameter {@code perf.overrides.file}):
 *
 * <pre>{@code
 * {
 *   "schemaVersion": 1,
 *   "overrides": [
 *     { "when": ["cores<=2", "gpu=false"], "metric": "tokens_per_second", "factor": 0.5,
 *       "reason": "2-core CI runners decode at about half the reference speed" },
 *     { "when": ["class=amd-epyc-2c-*"], "test": "*DecodeTests#decode*", "metric": "latency_ms",
 *       "statistic": "p99", "value": 250 }
 *   ]
 * }
 * }</pre>
 * The first override that applies to a threshold is used (file order), as one more step of its
 * derivation. Predicates: {@link FingerprintPredicate}. Every problem is an
 * {@link IllegalArgumentException} naming the file and the entry.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ThresholdOverrides {
    public static final String DEFAULT_FILE_NAME = "perf-overrides.json";
    public static final String FILE_KEY = "perf.overrides.file";
    private static final Set<String> FIELDS = Set.of("when", "test", "metric", "statistic", "value", "factor", "reason");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<ThresholdOverride> overrides;

    public ThresholdOverrides(List<ThresholdOverride> overrides) {
        this.overrides = List.copyOf(overrides);
    }

    public static ThresholdOverrides none() {
        return new ThresholdOverrides(List.of());
    }

    public List<ThresholdOverride> overrides() {
        return overrides;
    }

    /** The nearest {@code perf-overrides.json} in the working directory or above it. */
    public static Optional<Path> findDefaultFile() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(DEFAULT_FILE_NAME);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Reads an overrides file. */
    public static ThresholdOverrides read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("Overrides file [" + file + "] cannot be read: " + e, e);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Overrides file [" + file + "] is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("Overrides file [" + file + "] must hold a JSON object with 'overrides'.");
        }
        JsonNode version = root.get("schemaVersion");
        if (version != null && !(version.isInt() && version.asInt() == 1)) {
            throw new IllegalArgumentException("Overrides file [" + file + "] field 'schemaVersion' is " + version
                    + " but this perf-junit reads only schema version [1].");
        }
        JsonNode list = root.get("overrides");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("Overrides file [" + file + "] field 'overrides' must be an array.");
        }
        List<ThresholdOverride> overrides = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String source = file.getFileName() + " overrides[" + i + "]";
            String where = "Overrides file [" + file + "] entry 'overrides[" + i + "]' ";
            JsonNode entry = list.get(i);
            if (!entry.isObject()) {
                throw new IllegalArgumentException(where + "must be an object.");
            }
            for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!FIELDS.contains(name)) {
                    throw new IllegalArgumentException(where + "has unknown field '" + name + "'; expected some of " + FIELDS + ".");
                }
            }
            List<FingerprintPredicate> when = new ArrayList<>();
            JsonNode whenNode = entry.get("when");
            if (whenNode != null) {
                if (!whenNode.isArray()) {
                    throw new IllegalArgumentException(where + "field 'when' must be an array of predicates such as \"cores>=8\".");
                }
                for (JsonNode predicate : whenNode) {
                    try {
                        when.add(FingerprintPredicate.parse(predicate.asText()));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(where + "field 'when': " + e.getMessage() + ".", e);
                    }
                }
            }
            JsonNode metric = entry.get("metric");
            if (metric == null || !metric.isTextual() || Metric.byName(metric.asText()).isEmpty()) {
                throw new IllegalArgumentException(where + "field 'metric' must be a canonical metric name such as latency_ms but was: "
                        + metric + ".");
            }
            Double value = number(entry, "value", where);
            Double factor = number(entry, "factor", where);
            try {
                overrides.add(new ThresholdOverride(source, when, entry.path("test").asText("*"), metric.asText(),
                        entry.hasNonNull("statistic") ? entry.get("statistic").asText() : null, value, factor,
                        entry.path("reason").asText("")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Overrides file [" + file + "] " + e.getMessage() + ".", e);
            }
        }
        return new ThresholdOverrides(overrides);
    }

    private static Double number(JsonNode entry, String field, String where) {
        JsonNode node = entry.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw new IllegalArgumentException(where + "field '" + field + "' must be a number but was: " + node + ".");
        }
        return node.asDouble();
    }

    /** The first override that applies, or empty. */
    public Optional<ThresholdOverride> find(Threshold threshold, String testId, String className, String methodName,
            EnvironmentFingerprint fingerprint) {
        return overrides.stream().filter(o -> o.appliesTo(threshold, testId, className, methodName, fingerprint)).findFirst();
    }
}
