package dev.bitnet.perf.verdict;

import dev.bitnet.perf.Statistic;
import dev.bitnet.perf.sample.Metric;
import dev.bitnet.perf.stats.ConfidenceInterval;
import dev.bitnet.perf.stats.SortedSample;
import dev.bitnet.perf.threshold.Threshold;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Judges each derived {@link Threshold} against the measured statistic it names. The point
 * estimate decides; the message also shows its 95% interval (Student's t for the mean, order
 * statistics for the median and percentiles), the required value and its derivation.
 *
 * <p>Failure message template: {@code latency_ms median = 4.21 ms (95% CI [3.98, 4.5], n = 10)
 * but must be at most 3 ms; required value: 3 ms stated in @LatencyAtMost on method [sorts()]}.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ThresholdCheck implements Check {

    /** This check's {@link #name()}. */
    public static final String NAME = "threshold";

    private static final double LEVEL = 0.95;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> evaluate(Evidence evidence) {
        List<Finding> findings = new ArrayList<>(evidence.thresholds().size());
        for (Threshold threshold : evidence.thresholds()) {
            findings.add(judge(threshold, evidence.valuesOf(threshold.metric())));
        }
        return findings;
    }

    private static Finding judge(Threshold threshold, Optional<SortedSample> maybeValues) {
        Metric metric = threshold.metric();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("statistic", threshold.statisticLabel());
        details.put("bound", threshold.bound().name());
        details.put("required", threshold.requiredValue());
        details.put("unit", metric.unit());
        details.put("derivation", threshold.derivation());
        if (maybeValues.isEmpty() || maybeValues.get().size() == 0) {
            return unmeasured(threshold, details);
        }
        SortedSample values = maybeValues.get();
        double measured = measure(values, threshold);
        ConfidenceInterval interval = interval(values, threshold);
        details.put("measured", measured);
        details.put("ci.low", interval.low());
        details.put("ci.high", interval.high());
        details.put("ci.level", interval.level());
        details.put("n", values.size());
        String measuredText = metric.canonicalName() + " " + threshold.statisticLabel() + " = "
                + Threshold.format(measured) + " " + metric.unit() + " (" + describe(interval) + "n = " + values.size() + ")";
        String requiredText = threshold.bound().words() + " " + Threshold.format(threshold.requiredValue()) + " "
                + metric.unit() + "; required value: " + threshold.derivation();
        if (threshold.isMetBy(measured)) {
            return new Finding(NAME, Status.PASSED, metric, measuredText + " is " + requiredText, details);
        }
        return new Finding(NAME, Status.FAILED, metric, measuredText + " but must be " + requiredText, details);
    }

    private static Finding unmeasured(Threshold threshold, Map<String, Object> details) {
        Metric metric = threshold.metric();
        details.put("n", 0);
        switch (metric) {
            case MEMORY_USAGE_MB, PEAK_RSS_MB -> {
                return new Finding(NAME, Status.WARNING, metric, threshold.requirement()
                        + " was not checked: this platform does not report resident set sizes (Linux /proc/self/status).",
                        details);
            }
            case ALLOCATED_BYTES, CPU_TIME_MS -> {
                return new Finding(NAME, Status.WARNING, metric, threshold.requirement()
                        + " was not checked: this JVM does not measure " + metric.canonicalName() + " per thread.",
                        details);
            }
            case TOKENS_PER_SECOND -> {
                return new Finding(NAME, Status.FAILED, metric, threshold.requirement()
                        + " cannot be judged: the test recorded no tokens; call Measure.tokens(n) inside the region"
                        + " or pass a token count function to Measure.run(producer, tokensOf).", details);
            }
            default -> {
                return new Finding(NAME, Status.FAILED, metric, threshold.requirement()
                        + " cannot be judged: no values of " + metric.canonicalName() + " were recorded.", details);
            }
        }
    }

    static double measure(SortedSample values, Threshold threshold) {
        Statistic statistic = threshold.statistic();
        return switch (statistic) {
            case MEAN -> values.mean();
            case MEDIAN -> values.median();
            case PERCENTILE -> values.percentile(threshold.percentile());
            case MIN -> values.min();
            case MAX -> values.max();
        };
    }

    private static ConfidenceInterval interval(SortedSample values, Threshold threshold) {
        return switch (threshold.statistic()) {
            case MEAN -> values.meanInterval(LEVEL);
            case MEDIAN -> values.percentileInterval(50, LEVEL);
            case PERCENTILE -> values.percentileInterval(threshold.percentile(), LEVEL);
            case MIN, MAX -> ConfidenceInterval.unknown(LEVEL);
        };
    }

    private static String describe(ConfidenceInterval interval) {
        if (!interval.isKnown()) {
            return ""; // too few values for this interval; the n that follows says why
        }
        return Math.round(interval.level() * 100) + "% CI [" + Threshold.format(interval.low()) + ", "
                + Threshold.format(interval.high()) + "], ";
    }
}
