package dev.bitnet.perf.compare;

import dev.bitnet.perf.sample.Direction;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * {@code MetricComparison} is the immutable result of comparing one metric's current samples with
 * its baseline samples. Percentages are relative to the baseline ({@code +10} = 10% higher).
 *
 * @param metricName the metric, e.g. {@code tokens_per_second}
 * @param direction which way the metric improves
 * @param baselineCount number of baseline samples
 * @param currentCount number of current samples
 * @param baselineMean mean of the baseline samples
 * @param currentMean mean of the current samples
 * @param baselineMedian median of the baseline samples
 * @param currentMedian median of the current samples
 * @param changePercent relative change of the mean, in percent (the original script's {@code change_percent})
 * @param medianChangePercent relative change of the median, in percent
 * @param interval bootstrap interval of the relative change of the median, in percent
 * @param test the test whose p-value is {@link #pValue()}
 * @param pValue that test's two-sided p-value; NaN when there were too few samples
 * @param welchP Welch's t-test p-value; NaN when either sample has fewer than two values
 * @param mannWhitneyP Mann-Whitney U p-value
 * @param hedgesG Hedges' g (current minus baseline, in pooled standard deviations); NaN when undefined
 * @param cliffsDelta Cliff's delta in [−1, 1] (positive: current tends to be larger)
 * @param alpha the significance level used
 * @param noiseBandPercent the noise band used, in percent
 * @param significant whether p &lt; alpha and the interval lies entirely outside the noise band
 * @param severity the classification by the metric's thresholds
 * @param note why a decision could not be made ("too few samples"), or empty
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record MetricComparison(
        String metricName,
        Direction direction,
        int baselineCount,
        int currentCount,
        double baselineMean,
        double currentMean,
        double baselineMedian,
        double currentMedian,
        double changePercent,
        double medianChangePercent,
        Interval interval,
        SignificanceTest test,
        double pValue,
        double welchP,
        double mannWhitneyP,
        double hedgesG,
        double cliffsDelta,
        double alpha,
        double noiseBandPercent,
        boolean significant,
        Severity severity,
        String note) {

    public MetricComparison {
        Objects.requireNonNull(metricName, "metricName must not be null");
        Objects.requireNonNull(direction, "direction must not be null");
        Objects.requireNonNull(interval, "interval must not be null");
        Objects.requireNonNull(test, "test must not be null");
        Objects.requireNonNull(severity, "severity must not be null");
        Objects.requireNonNull(note, "note must not be null");
    }

    /** Whether this is a significant change for the worse (of any severity). */
    public boolean regression() {
        return significant && SeverityThresholds.worsening(direction, medianChangePercent) > 0;
    }

    /** One fixed sentence, as criterion prints them. */
    public String sentence() {
        if (!note.isEmpty()) {
            return "No decision: " + note + ".";
        }
        if (!significant) {
            return Double.isNaN(pValue) || pValue >= alpha ? "No change in performance detected." : "Change within noise threshold.";
        }
        switch (severity) {
            case CRITICAL:
                return "Performance has regressed beyond the critical threshold.";
            case WARNING:
                return "Performance has regressed beyond the warning threshold.";
            case IMPROVEMENT:
                return "Performance has improved.";
            default:
                return regression() ? "Performance has regressed slightly (below the warning threshold)."
                        : "Performance has improved slightly (below the improvement threshold).";
        }
    }

    /**
     * A one-line summary in the regression template of the style guide:
     * {@code latency_ms: mean 12.3 vs baseline 10.0 (+23.0%, 95% CI [+18.2%, +27.9%], p = 0.001 < 0.050): warning}.
     */
    public String summaryLine() {
        return String.format(Locale.ROOT, "%s: mean %s vs baseline %s (%+.1f%%, %.0f%% CI of median change [%+.1f%%, %+.1f%%], p = %.3f %s %.3f): %s",
                metricName, number(currentMean), number(baselineMean), changePercent, interval.level() * 100,
                interval.low(), interval.high(), pValue, pValue < alpha ? "<" : ">=", alpha, severity.label());
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        double magnitude = Math.abs(value);
        if (magnitude != 0 && (magnitude >= 1e6 || magnitude < 1e-3)) {
            return String.format(Locale.ROOT, "%.4g", value);
        }
        return String.format(Locale.ROOT, magnitude >= 100 ? "%.1f" : "%.4g", value);
    }
}
