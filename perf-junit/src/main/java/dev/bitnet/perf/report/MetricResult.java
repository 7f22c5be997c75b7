package dev.bitnet.perf.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * One metric of one test: its samples, summary, the baseline's samples, the comparison and thresholds.
 *
 * @param name            canonical metric name, e.g. {@code tokens_per_second}
 * @param unit            the unit, e.g. {@code ms}, possibly empty
 * @param higherIsBetter  whether larger values are better
 * @param samples         every measured sample, in order
 * @param summary         the samples' summary
 * @param baselineSamples the baseline's samples, empty when there is no baseline or it kept none
 * @param comparison      the comparison with the baseline, {@code null} when none was made
 * @param thresholds      the thresholds on this metric
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record MetricResult(String name, String unit, boolean higherIsBetter, double[] samples, SummaryStats summary,
        double[] baselineSamples, @Nullable Comparison comparison, List<ThresholdCheck> thresholds) {

    public MetricResult {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(unit, "unit must not be null");
        Objects.requireNonNull(summary, "summary must not be null");
        samples = samples.clone();
        baselineSamples = baselineSamples.clone();
        thresholds = List.copyOf(thresholds);
    }

    @Override
    public double[] samples() {
        return samples.clone();
    }

    @Override
    public double[] baselineSamples() {
        return baselineSamples.clone();
    }

    /** The comparison's severity, or {@link Severity#NO_BASELINE}. */
    public Severity severity() {
        return comparison == null ? Severity.NO_BASELINE : comparison.severity();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricResult m && name.equals(m.name) && unit.equals(m.unit) && higherIsBetter == m.higherIsBetter
                && java.util.Arrays.equals(samples, m.samples) && summary.equals(m.summary)
                && java.util.Arrays.equals(baselineSamples, m.baselineSamples) && Objects.equals(comparison, m.comparison)
                && thresholds.equals(m.thresholds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, unit, java.util.Arrays.hashCode(samples), comparison);
    }

    @Override
    public String toString() {
        return "MetricResult[" + name + ", n=" + samples.length + ", severity=" + severity() + "]";
    }
}
