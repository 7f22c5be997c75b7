package dev.bitnet.perf.baseline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.bitnet.perf.env.EnvironmentFingerprint;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * {@code Baseline} is the stored reference sample of one performance test (one parameter
 * combination) in one environment class.
 *
 * @param schemaVersion the format version, {@link #SCHEMA_VERSION} for files this code writes
 * @param testId the test's unique id (JUnit unique id, or any stable id)
 * @param displayName a readable name for reports
 * @param environmentClass the environment class slug; the file lives under this directory
 * @param environment the full fingerprint as JSON-ready values, for people reading the file
 * @param commit the commit id the baseline was measured at, {@code null} when unknown
 * @param recordedAt when the baseline was recorded
 * @param metrics samples by canonical metric name, at least one
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Baseline(
        int schemaVersion,
        String testId,
        String displayName,
        String environmentClass,
        Map<String, Object> environment,
        @Nullable String commit,
        Instant recordedAt,
        Map<String, MetricSamples> metrics) {

    /** The schema version this code writes and reads. */
    public static final int SCHEMA_VERSION = 1;

    public Baseline {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("schemaVersion must be " + SCHEMA_VERSION + ": " + schemaVersion);
        }
        Objects.requireNonNull(testId, "testId must not be null");
        Objects.requireNonNull(displayName, "displayName must not be null");
        Objects.requireNonNull(environmentClass, "environmentClass must not be null");
        Objects.requireNonNull(recordedAt, "recordedAt must not be null");
        if (testId.isEmpty()) {
            throw new IllegalArgumentException("testId must not be empty");
        }
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("metrics must not be empty");
        }
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
    }

    /** A new baseline of the current schema from a fingerprint. */
    public static Baseline of(String testId, String displayName, EnvironmentFingerprint fingerprint, @Nullable String commit,
            Instant recordedAt, Map<String, MetricSamples> metrics) {
        return new Baseline(SCHEMA_VERSION, testId, displayName, fingerprint.environmentClass().slug(),
                BaselineJson.toMap(fingerprint), commit, recordedAt, metrics);
    }

    /**
     * Checks that the current run measured the same metrics as this baseline.
     *
     * @param file the baseline's file, for the message
     * @throws BaselineFormatException naming the file, the field {@code metrics} and both sets otherwise
     */
    public void requireSameMetrics(Path file, Set<String> currentMetrics) {
        Set<String> stored = new TreeSet<>(metrics.keySet());
        Set<String> measured = new TreeSet<>(currentMetrics);
        if (!stored.equals(measured)) {
            Set<String> missing = new TreeSet<>(measured);
            missing.removeAll(stored);
            Set<String> extra = new TreeSet<>(stored);
            extra.removeAll(measured);
            throw new BaselineFormatException(file, "metrics", "holds metrics " + stored + " but the current run measured "
                    + measured + " (not in the baseline: " + missing + ", only in the baseline: " + extra
                    + "). Record a new baseline for the new metric set with -D" + BaselineSettings.UPDATE_KEY + "=true.");
        }
    }
}
