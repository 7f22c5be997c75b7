package dev.bitnet.perf.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.bitnet.perf.diagnosis.Diagnosis;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * One performance test (or one parameterized invocation) as the reports show it.
 *
 * @param id               a unique id (JUnit's unique id when recorded), never blank
 * @param className        the test class, possibly empty
 * @param displayName      the name people read, e.g. {@code decode(batch=4, seq=128)}
 * @param outcome          the outcome
 * @param environmentClass the environment class the test ran in, possibly empty
 * @param config           the resolved plan (warm-up, iterations, threads, timeout...) as text pairs
 * @param metrics          the metrics measured
 * @param verdict          the verdict's sentence(s), possibly empty
 * @param diagnosis        the diagnosis of a failed or aborted test, {@code null} when it passed cleanly
 * @param retries          the retried attempts, empty when none
 * @param source           the record file it was read from, possibly empty
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record TestResult(String id, String className, String displayName, Outcome outcome, String environmentClass,
        Map<String, String> config, List<MetricResult> metrics, String verdict, @Nullable Diagnosis diagnosis,
        List<RetryAttempt> retries, String source) {

    public TestResult {
        Objects.requireNonNull(id, "id must not be null");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
        Objects.requireNonNull(className, "className must not be null");
        Objects.requireNonNull(displayName, "displayName must not be null");
        Objects.requireNonNull(outcome, "outcome must not be null");
        Objects.requireNonNull(environmentClass, "environmentClass must not be null");
        Objects.requireNonNull(verdict, "verdict must not be null");
        Objects.requireNonNull(source, "source must not be null");
        config = Map.copyOf(config);
        metrics = List.copyOf(metrics);
        retries = List.copyOf(retries);
    }

    /** The worst severity of this test's metrics. */
    public Severity worstSeverity() {
        Severity worst = Severity.NO_BASELINE;
        for (MetricResult metric : metrics) {
            if (metric.severity().ordinal() < worst.ordinal()) {
                worst = metric.severity();
            }
        }
        return worst;
    }

    /** Whether this test needs attention: failed, aborted, or a critical or warning change. */
    public boolean isProblem() {
        return outcome == Outcome.FAILED || outcome == Outcome.ABORTED || worstSeverity() == Severity.CRITICAL
                || worstSeverity() == Severity.WARNING;
    }

    /** Metrics people look at first: those with a threshold or a baseline comparison, and latency and tokens/s. */
    static final java.util.Set<String> HEADLINE_METRICS = java.util.Set.of("latency_ms", "tokens_per_second");

    /**
     * The metrics the summary tables and the first charts show: those with a threshold or a
     * comparison, plus {@code latency_ms} and {@code tokens_per_second}; all metrics when none qualifies.
     */
    public List<MetricResult> primaryMetrics() {
        List<MetricResult> primary = metrics.stream()
                .filter(m -> !m.thresholds().isEmpty() || m.comparison() != null || HEADLINE_METRICS.contains(m.name()))
                .toList();
        return primary.isEmpty() ? metrics : primary;
    }

    /** The name shown in tables: the class's simple name and the display name. */
    public String label() {
        String simpleClass = className.substring(className.lastIndexOf('.') + 1);
        simpleClass = simpleClass.substring(simpleClass.lastIndexOf('$') + 1);
        return simpleClass.isEmpty() ? displayName : simpleClass + " › " + displayName;
    }
}
