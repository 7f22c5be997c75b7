package dev.bitnet.perf.compare;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * {@code BaselineComparator} compares the current samples of a metric with its baseline samples.
 *
 * <p>Steps, per metric: validate both samples (non-empty, finite, non-negative, baseline mean and
 * median above zero); means, medians and their relative changes; the p-values of Welch's t-test
 * and the Mann-Whitney U test (and Student's when chosen); the seeded bootstrap interval of the
 * relative change of the median; Hedges' g and Cliff's delta; significance by the rule in
 * {@link ComparisonSettings}; severity by the metric's {@link SeverityThresholds}, applied to the
 * change of the mean (the original script's {@code change_percent}).
 *
 * <p>With fewer than two values in either sample no test can be run, and with a baseline mean or
 * median of zero (counts such as {@code gc_count}) no relative change exists: the result is then
 * {@link Severity#STABLE} with a {@linkplain MetricComparison#note() note} saying why.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class BaselineComparator {
    private final ComparisonSettings settings;

    public BaselineComparator(ComparisonSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
    }

    public ComparisonSettings settings() {
        return settings;
    }

    /**
     * Compares {@code current} with {@code baseline} under {@code policy}.
     *
     * @throws IllegalArgumentException when a sample is empty or holds NaN, infinite or negative values
     */
    public MetricComparison compare(MetricPolicy policy, double[] baselineSamples, double[] currentSamples) {
        String metric = policy.metricName();
        double[] baseline = Samples.requireValid(metric, "baseline", baselineSamples);
        double[] current = Samples.requireValid(metric, "current", currentSamples);
        double baselineMean = Samples.mean(baseline);
        double currentMean = Samples.mean(current);
        double baselineMedian = Samples.median(baseline);
        double currentMedian = Samples.median(current);
        if (baselineMean <= 0 || baselineMedian <= 0) {
            // Counts such as gc_count are often all zero: no relative change exists, nothing to judge.
            String note = "baseline " + (baselineMedian <= 0 ? "median" : "mean") + " is zero, so no relative change exists";
            return new MetricComparison(metric, policy.direction(), baseline.length, current.length, baselineMean, currentMean,
                    baselineMedian, currentMedian, Double.NaN, Double.NaN, new Interval(0, 0, settings.confidenceLevel()),
                    settings.test(), Double.NaN, Double.NaN, TwoSampleTests.mannWhitneyP(baseline, current),
                    EffectSize.hedgesG(baseline, current), EffectSize.cliffsDelta(baseline, current), settings.alpha(),
                    settings.noiseBandPercent(), false, Severity.STABLE, note);
        }
        double changePercent = (currentMean / baselineMean - 1.0) * 100.0;
        double medianChangePercent = (currentMedian / baselineMedian - 1.0) * 100.0;
        Interval fraction = Bootstrap.medianRelativeChange(baseline, current, settings.bootstrapResamples(),
                settings.confidenceLevel(), settings.seed());
        Interval percent = new Interval(fraction.low() * 100.0, fraction.high() * 100.0, fraction.level());
        double mannWhitneyP = TwoSampleTests.mannWhitneyP(baseline, current);
        boolean enough = baseline.length >= 2 && current.length >= 2;
        double welchP = enough ? TwoSampleTests.welchP(baseline, current) : Double.NaN;
        double pValue;
        switch (settings.test()) {
            case STUDENT:
                pValue = enough ? TwoSampleTests.studentP(baseline, current) : Double.NaN;
                break;
            case MANN_WHITNEY:
                pValue = enough ? mannWhitneyP : Double.NaN;
                break;
            default:
                pValue = welchP;
        }
        boolean significant = enough && pValue < settings.alpha() && percent.entirelyBeyond(settings.noiseBandPercent());
        // The mean and the median must move the same way; otherwise the samples disagree with
        // themselves (a few outliers against a shifted bulk) and no severity is claimed.
        boolean agree = Math.signum(changePercent) == Math.signum(percent.low() + percent.high());
        Severity severity = policy.thresholds().classify(policy.direction(), changePercent, significant && agree);
        String note = enough ? "" : "too few samples (" + baseline.length + " baseline, " + current.length
                + " current; at least 2 each are needed)";
        return new MetricComparison(metric, policy.direction(), baseline.length, current.length, baselineMean, currentMean,
                baselineMedian, currentMedian, changePercent, medianChangePercent, percent, settings.test(), pValue, welchP,
                mannWhitneyP, EffectSize.hedgesG(baseline, current), EffectSize.cliffsDelta(baseline, current),
                settings.alpha(), settings.noiseBandPercent(), significant, severity, note);
    }
}
