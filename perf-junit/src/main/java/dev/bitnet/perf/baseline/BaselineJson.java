package dev.bitnet.perf.baseline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet.perf.env.EnvironmentFingerprint;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes baselines and history lines as JSON, checking every field on the way in.
 *
 * <p>Baseline file layout (schema version 1):
 * <pre>{@code
 * {
 *   "schemaVersion" : 1,
 *   "testId" : "[engine:junit-jupiter]/[class:...]/[method:decode()]",
 *   "displayName" : "decode()",
 *   "environmentClass" : "amd-epyc-2c-24g-linux-x64-jdk17",
 *   "commit" : "0123...", "recordedAt" : "2026-11-30T16:00:00Z",
 *   "metrics" : { "latency_ms" : { "unit" : "ms", "samples" : [ 10.1, 9.8 ],
 *                                  "summary" : { "n" : 2, "mean" : 9.95, ... } } },
 *   "environment" : { ...the fingerprint... }
 * }
 * }</pre>
 * NaN and Infinity literals are accepted by the parser only so that the validation can name the
 * sample that holds them.
 *
 * @since 0.1
 */
final class BaselineJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private BaselineJson() {}

    static Map<String, Object> toMap(EnvironmentFingerprint fingerprint) {
        Map<String, Object> map = MAPPER.convertValue(fingerprint, new TypeReference<LinkedHashMap<String, Object>>() {});
        map.put("environmentClass", fingerprint.environmentClass().slug());
        map.put("effectiveCpus", fingerprint.effectiveCpus());
        map.put("effectiveMemoryBytes", fingerprint.effectiveMemoryBytes());
        return map;
    }

    // ---------------------------------------------------------------- writing

    static String write(Baseline baseline) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", baseline.schemaVersion());
        root.put("testId", baseline.testId());
        root.put("displayName", baseline.displayName());
        root.put("environmentClass", baseline.environmentClass());
        root.put("commit", baseline.commit());
        root.put("recordedAt", baseline.recordedAt().toString());
        ObjectNode metrics = root.putObject("metrics");
        baseline.metrics().forEach((name, samples) -> writeMetric(metrics.putObject(name), samples));
        root.set("environment", MAPPER.valueToTree(baseline.environment()));
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise baseline of " + baseline.testId(), e);
        }
    }

    private static void writeMetric(ObjectNode node, MetricSamples samples) {
        node.put("unit", samples.unit());
        ArrayNode array = node.putArray("samples");
        for (double v : samples.samples()) {
            array.add(v);
        }
        node.set("summary", MAPPER.valueToTree(samples.summary()));
    }

    static String writeHistoryLine(HistoryEntry entry) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", entry.schemaVersion());
        root.put("runId", entry.runId());
        root.put("time", entry.time().toString());
        root.put("commit", entry.commit());
        root.put("testId", entry.testId());
        root.put("environmentClass", entry.environmentClass());
        root.put("loaded", entry.loaded());
        ObjectNode metrics = root.putObject("metrics");
        entry.metrics().forEach((name, summary) -> metrics.set(name, MAPPER.valueToTree(summary)));
        return root.toString();
    }

    // ---------------------------------------------------------------- reading

    static JsonNode parse(Path file, String text) {
        if (text.isBlank()) {
            throw new BaselineFormatException(file, "", "is empty.");
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new BaselineFormatException(file, "", "is not valid JSON" + where + " (truncated or hand-edited?): "
                    + e.getOriginalMessage() + ".", e);
        }
    }

    static Baseline readBaseline(Path file, String text) {
        JsonNode root = parse(file, text);
        if (!root.isObject()) {
            throw new BaselineFormatException(file, "", "must hold a JSON object but holds: " + root.getNodeType() + ".");
        }
        int schema = schemaVersion(file, root);
        String testId = text(file, root, "testId", true);
        String displayName = root.has("displayName") ? text(file, root, "displayName", false) : testId;
        String environmentClass = text(file, root, "environmentClass", true);
        String commit = root.hasNonNull("commit") ? text(file, root, "commit", false) : null;
        Instant recordedAt = instant(file, root, "recordedAt");
        JsonNode metricsNode = root.get("metrics");
        if (metricsNode == null || !metricsNode.isObject()) {
            throw new BaselineFormatException(file, "metrics", "must be an object of metric name to samples but was: "
                    + describe(metricsNode) + ".");
        }
        if (metricsNode.size() == 0) {
            throw new BaselineFormatException(file, "metrics", "must name at least one metric but is empty.");
        }
        Map<String, MetricSamples> metrics = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = metricsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String path = "metrics." + entry.getKey();
            JsonNode metric = entry.getValue();
            if (!metric.isObject()) {
                throw new BaselineFormatException(file, path, "must be an object with 'samples' but was: " + describe(metric) + ".");
            }
            String unit = metric.hasNonNull("unit") && metric.get("unit").isTextual() ? metric.get("unit").asText()
                    : MetricSamples.unitOf(entry.getKey());
            metrics.put(entry.getKey(), new MetricSamples(unit, samples(file, path + ".samples", metric.get("samples"))));
        }
        Map<String, Object> environment = new LinkedHashMap<>();
        JsonNode environmentNode = root.get("environment");
        if (environmentNode != null && environmentNode.isObject()) {
            environment = MAPPER.convertValue(environmentNode, new TypeReference<LinkedHashMap<String, Object>>() {});
        }
        return new Baseline(schema, testId, displayName, environmentClass, environment, commit, recordedAt, metrics);
    }

    static HistoryEntry readHistoryLine(Path file, int lineNumber, String line) {
        String at = "line " + lineNumber + ": ";
        JsonNode root;
        try {
            root = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new BaselineFormatException(file, "", at + "is not valid JSON (truncated or hand-edited?): " + e.getOriginalMessage() + ".", e);
        }
        if (root == null || !root.isObject()) {
            throw new BaselineFormatException(file, "", at + "must hold a JSON object.");
        }
        int schema = schemaVersion(file, root);
        JsonNode metricsNode = root.get("metrics");
        if (metricsNode == null || !metricsNode.isObject() || metricsNode.size() == 0) {
            throw new BaselineFormatException(file, "metrics", at + "must be a non-empty object but was: " + describe(metricsNode) + ".");
        }
        Map<String, MetricSummary> metrics = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = metricsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String path = "metrics." + entry.getKey();
            JsonNode m = entry.getValue();
            int n = (int) number(file, at, path + ".n", m.get("n"));
            if (n < 1) {
                throw new BaselineFormatException(file, path + ".n", at + "must be at least 1 but was: " + n + ".");
            }
            metrics.put(entry.getKey(), new MetricSummary(n, number(file, at, path + ".mean", m.get("mean")),
                    number(file, at, path + ".median", m.get("median")), number(file, at, path + ".stdDev", m.get("stdDev")),
                    number(file, at, path + ".min", m.get("min")), number(file, at, path + ".max", m.get("max"))));
        }
        String commit = root.hasNonNull("commit") ? root.get("commit").asText() : null;
        return new HistoryEntry(schema, text(file, root, "runId", true), instant(file, root, "time"), commit,
                text(file, root, "testId", true), text(file, root, "environmentClass", true),
                root.path("loaded").asBoolean(false), metrics);
    }

    private static double number(Path file, String at, String path, @Nullable JsonNode node) {
        if (node == null || !node.isNumber() || !Double.isFinite(node.asDouble()) || node.asDouble() < 0) {
            throw new BaselineFormatException(file, path, at + "must be a finite number of zero or more but was: " + describe(node) + ".");
        }
        return node.asDouble();
    }

    static int schemaVersion(Path file, JsonNode root) {
        JsonNode node = root.get("schemaVersion");
        if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
            throw new BaselineFormatException(file, "schemaVersion", "must be an integer but was: " + describe(node) + ".");
        }
        int version = node.asInt();
        if (version != Baseline.SCHEMA_VERSION) {
            throw new BaselineFormatException(file, "schemaVersion", "is " + version
                    + " but this perf-junit reads only schema version [" + Baseline.SCHEMA_VERSION + "].");
        }
        return version;
    }

    static double[] samples(Path file, String path, @Nullable JsonNode node) {
        if (node == null || !node.isArray()) {
            throw new BaselineFormatException(file, path, "must be an array of numbers but was: " + describe(node) + ".");
        }
        if (node.size() == 0) {
            throw new BaselineFormatException(file, path, "must hold at least one sample but is empty.");
        }
        double[] values = new double[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode value = node.get(i);
            if (!value.isNumber()) {
                throw new BaselineFormatException(file, path + "[" + i + "]", "must be a number but was: " + describe(value) + ".");
            }
            double v = value.asDouble();
            if (!Double.isFinite(v) || v < 0) {
                throw new BaselineFormatException(file, path + "[" + i + "]", "must be a finite number of zero or more but was: " + v + ".");
            }
            values[i] = v;
        }
        return values;
    }

    private static String text(Path file, JsonNode root, String field, boolean nonEmpty) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual() || (nonEmpty && node.asText().isEmpty())) {
            throw new BaselineFormatException(file, field, "must be a" + (nonEmpty ? " non-empty" : "") + " string but was: "
                    + describe(node) + ".");
        }
        return node.asText();
    }

    private static Instant instant(Path file, JsonNode root, String field) {
        String value = text(file, root, field, true);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BaselineFormatException(file, field, "must be an ISO-8601 instant such as 2026-11-30T16:00:00Z but was: \""
                    + value + "\".", e);
        }
    }

    static String describe(@Nullable JsonNode node) {
        if (node == null) {
            return "missing";
        }
        String text = node.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

}
