package dev.bitnet.perf.record;

import dev.bitnet.perf.diagnosis.Diagnosis;
import dev.bitnet.perf.diagnosis.Retry;
import dev.bitnet.perf.sample.Sample;
import dev.bitnet.perf.stats.Summary;
import dev.bitnet.perf.threshold.DerivationStep;
import dev.bitnet.perf.verdict.Verdict;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The JSON record of one performance test (or one invocation of a parameterized one): who it is,
 * how it was configured, every sample, each metric's summary, the thresholds with their
 * derivation, the verdict and, when it errored, the error. The schema is documented in
 * {@code perf-junit/RECORD-SCHEMA.md}; {@link #SCHEMA_VERSION} changes whenever a field changes
 * meaning or disappears (new fields may be added without a change; readers ignore unknown ones).
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written by this version
 * @param test the test's identity
 * @param startedAt ISO-8601 instant the measurement started
 * @param finishedAt ISO-8601 instant the verdict was reached
 * @param config the resolved plan
 * @param environment a summary of the machine and JVM
 * @param samples every measured iteration, in order
 * @param metrics each recorded metric's unit, direction and summary, by canonical name
 * @param thresholds each threshold after derivation
 * @param verdict the verdict
 * @param error what ended the test abnormally, or {@code null}
 * @param diagnosis what kind of failure a failed or errored test met and what to do, or {@code null} when it passed
 * @param retries the attempts that failed with an exception the test declared transient and were retried, oldest first
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PerfRecord(
        int schemaVersion,
        TestInfo test,
        String startedAt,
        String finishedAt,
        RunConfig config,
        Map<String, Object> environment,
        List<Sample> samples,
        Map<String, MetricSummary> metrics,
        List<ThresholdRecord> thresholds,
        Verdict verdict,
        @Nullable ErrorInfo error,
        @Nullable Diagnosis diagnosis,
        List<Retry> retries) {

    /** The schema version this library writes. */
    public static final int SCHEMA_VERSION = 1;

    public PerfRecord {
        environment = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environment));
        samples = List.copyOf(samples);
        metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        thresholds = List.copyOf(thresholds);
        retries = retries == null ? List.of() : List.copyOf(retries); // absent in records written before the field existed
    }

    /** A record without diagnosis and retries. */
    public PerfRecord(int schemaVersion, TestInfo test, String startedAt, String finishedAt, RunConfig config,
            Map<String, Object> environment, List<Sample> samples, Map<String, MetricSummary> metrics,
            List<ThresholdRecord> thresholds, Verdict verdict, @Nullable ErrorInfo error) {
        this(schemaVersion, test, startedAt, finishedAt, config, environment, samples, metrics, thresholds, verdict, error,
                null, List.of());
    }

    /** This record with a diagnosis and the retries that preceded it. */
    public PerfRecord withDiagnosis(@Nullable Diagnosis newDiagnosis, List<Retry> newRetries) {
        return new PerfRecord(schemaVersion, test, startedAt, finishedAt, config, environment, samples, metrics, thresholds,
                verdict, error, newDiagnosis, newRetries);
    }

    /**
     * The identity of the test.
     *
     * @param id JUnit unique id
     * @param className test class
     * @param methodName method with parameter types
     * @param displayName display name (of the invocation for parameterized tests)
     */
    public record TestInfo(String id, String className, String methodName, String displayName) {}

    /**
     * The resolved configuration.
     *
     * @param mode {@code WHOLE_METHOD} or {@code REGION}
     * @param warmup warm-up iterations
     * @param iterations measured iterations
     * @param threads concurrent callers
     * @param timeoutNanos limit in nanoseconds, or {@code null} for none
     * @param sources where each setting came from
     */
    public record RunConfig(
            String mode, int warmup, int iterations, int threads, @Nullable Long timeoutNanos, Map<String, String> sources) {}

    /**
     * One metric's description and summary.
     *
     * @param unit e.g. {@code ms}
     * @param direction {@code HIGHER_IS_BETTER} or {@code LOWER_IS_BETTER}
     * @param granularity {@code CALL} or {@code ITERATION}
     * @param summary descriptive statistics (NaN written as {@code null})
     */
    public record MetricSummary(String unit, String direction, String granularity, Summary summary) {}

    /**
     * A threshold after derivation.
     *
     * @param metric canonical metric name
     * @param statistic {@code median}, {@code mean}, {@code p99}...
     * @param bound {@code AT_MOST} or {@code AT_LEAST}
     * @param statedValue as stated, in the metric's unit
     * @param statedIn where it was stated
     * @param steps the derivation steps
     * @param requiredValue the value judged against
     * @param derivation the derivation as one readable line
     */
    public record ThresholdRecord(
            String metric,
            String statistic,
            String bound,
            double statedValue,
            String statedIn,
            List<DerivationStep> steps,
            double requiredValue,
            String derivation) {}

    /**
     * What ended a test abnormally.
     *
     * @param type exception class name
     * @param message exception message, or {@code null}
     * @param phase {@code WARMUP} or {@code MEASUREMENT}, or {@code null} when unknown
     * @param iteration 1-based iteration within the phase, or {@code null}
     * @param caller 0-based caller, or {@code null}
     */
    public record ErrorInfo(
            String type, @Nullable String message, @Nullable String phase, @Nullable Integer iteration, @Nullable Integer caller) {}
}
