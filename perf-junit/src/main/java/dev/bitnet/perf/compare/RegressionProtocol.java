package dev.bitnet.perf.compare;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * {@code RegressionProtocol} is the whole procedure that turns a run's samples into per-metric
 * severities without crying wolf:
 *
 * <ol>
 *   <li><strong>Adaptive sampling</strong> (when enabled): while some compared metric cannot be
 *       decided (not significant, its interval of the change not inside the noise band either) and
 *       its 95% interval of the mean is wider than {@link AdaptiveSampling#targetHalfWidthPercent()},
 *       another round is measured and appended, until it is narrow enough or the budget (time
 *       spent measuring, sample count) is spent. A metric still too wide then is marked
 *       <em>noisy</em>.</li>
 *   <li><strong>Comparison</strong> of every metric with its baseline ({@link BaselineComparator}).</li>
 *   <li><strong>Re-measurement</strong> (when enabled): if any metric is critical, one fresh round
 *       is measured and compared on its own. A metric stays critical only when both rounds are
 *       critical; otherwise it takes the milder of the two severities. Both rounds are kept.</li>
 *   <li><strong>Noisy environment</strong>: a noisy metric is not reported as a regression (its
 *       severity becomes {@link Severity#STABLE} and its {@link MetricVerdict#diagnosis()} says
 *       "noisy environment"), unless both rounds found it critical.</li>
 * </ol>
 * Metrics whose baseline or current mean is zero (GC counts, for instance) take no part in the
 * adaptive decision.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class RegressionProtocol {

    /** Measures one more round: the values of each metric, by name. */
    @FunctionalInterface
    @API(status = EXPERIMENTAL, since = "0.1")
    public interface Sampler {
        Map<String, double[]> sampleRound();
    }

    /**
     * The judgement of one metric.
     *
     * @param metricName the metric
     * @param rounds the comparison of each round: the first (possibly extended by adaptive
     *     sampling), then the re-measurement when there was one
     * @param severity the final severity
     * @param noisy whether adaptive sampling ended without the target precision
     * @param diagnosis a sentence for reports: empty, "noisy environment: ...", or the re-measure outcome
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record MetricVerdict(String metricName, List<MetricComparison> rounds, Severity severity, boolean noisy, String diagnosis) {
        public MetricVerdict {
            rounds = List.copyOf(rounds);
            if (rounds.isEmpty()) {
                throw new IllegalArgumentException("a metric verdict needs at least one round");
            }
        }

        /** The comparison of the first round. */
        public MetricComparison first() {
            return rounds.get(0);
        }

        /** The comparison of the last round. */
        public MetricComparison last() {
            return rounds.get(rounds.size() - 1);
        }
    }

    /**
     * The outcome of the protocol.
     *
     * @param verdicts one per compared metric, in baseline order
     * @param samples the samples the first round ended with (after adaptive sampling), by metric
     * @param adaptiveRounds rounds added by adaptive sampling
     * @param remeasured whether a re-measurement round ran
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record Outcome(List<MetricVerdict> verdicts, Map<String, double[]> samples, int adaptiveRounds, boolean remeasured) {
        public Outcome {
            verdicts = List.copyOf(verdicts);
            samples = Map.copyOf(samples);
        }

        public boolean anyCritical() {
            return verdicts.stream().anyMatch(v -> v.severity() == Severity.CRITICAL);
        }
    }

    private final BaselineComparator comparator;
    private final Function<String, MetricPolicy> policies;
    private final AdaptiveSampling adaptive;
    private final boolean adaptiveEnabled;
    private final boolean remeasure;

    public RegressionProtocol(ComparisonSettings settings, Function<String, MetricPolicy> policies, AdaptiveSampling adaptive,
            boolean adaptiveEnabled, boolean remeasure) {
        this.comparator = new BaselineComparator(settings);
        this.policies = Objects.requireNonNull(policies, "policies must not be null");
        this.adaptive = Objects.requireNonNull(adaptive, "adaptive must not be null");
        this.adaptiveEnabled = adaptiveEnabled;
        this.remeasure = remeasure;
    }

    /** With default policies ({@link MetricPolicy#defaultFor}). */
    public RegressionProtocol(ComparisonSettings settings, AdaptiveSampling adaptive, boolean adaptiveEnabled, boolean remeasure) {
        this(settings, MetricPolicy::defaultFor, adaptive, adaptiveEnabled, remeasure);
    }

    /**
     * Judges the metrics that have a baseline.
     *
     * @param baseline baseline samples by metric; only these metrics are judged
     * @param firstRound the samples already measured, by metric; must hold every baseline metric
     * @param firstRoundDuration measuring time the first round took (counts against the budget)
     * @param sampler measures more rounds on request
     */
    public Outcome judge(Map<String, double[]> baseline, Map<String, double[]> firstRound, Duration firstRoundDuration, Sampler sampler) {
        Map<String, double[]> samples = new LinkedHashMap<>();
        for (String metric : baseline.keySet()) {
            double[] values = firstRound.get(metric);
            if (values == null || values.length == 0) {
                throw new IllegalArgumentException("the current run measured no values of metric '" + metric + "' which the baseline holds");
            }
            samples.put(metric, values.clone());
        }
        int adaptiveRounds = 0;
        List<String> noisy = new ArrayList<>();
        if (adaptiveEnabled) {
            long spentNanos = firstRoundDuration.toNanos();
            while (true) {
                List<String> tooWide = undecidedAndTooWide(baseline, samples);
                if (tooWide.isEmpty()) {
                    break;
                }
                boolean exhausted = spentNanos >= adaptive.budget().toNanos()
                        || tooWide.stream().anyMatch(m -> samples.get(m).length >= adaptive.maxSamples());
                if (exhausted) {
                    noisy.addAll(tooWide);
                    break;
                }
                long start = System.nanoTime();
                Map<String, double[]> more = sampler.sampleRound();
                spentNanos += System.nanoTime() - start;
                adaptiveRounds++;
                for (Map.Entry<String, double[]> entry : samples.entrySet()) {
                    entry.setValue(concat(entry.getValue(), more.getOrDefault(entry.getKey(), new double[0])));
                }
            }
        }
        Map<String, MetricComparison> first = new LinkedHashMap<>();
        for (String metric : baseline.keySet()) {
            first.put(metric, comparator.compare(policies.apply(metric), baseline.get(metric), samples.get(metric)));
        }
        boolean suspect = first.values().stream().anyMatch(c -> c.severity() == Severity.CRITICAL);
        Map<String, MetricComparison> second = new LinkedHashMap<>();
        if (remeasure && suspect) {
            Map<String, double[]> fresh = sampler.sampleRound();
            for (String metric : baseline.keySet()) {
                double[] values = fresh.get(metric);
                if (values != null && values.length > 0) {
                    second.put(metric, comparator.compare(policies.apply(metric), baseline.get(metric), values));
                }
            }
        }
        List<MetricVerdict> verdicts = new ArrayList<>();
        for (String metric : baseline.keySet()) {
            MetricComparison a = first.get(metric);
            MetricComparison b = second.get(metric);
            List<MetricComparison> rounds = b == null ? List.of(a) : List.of(a, b);
            Severity severity = b == null ? a.severity() : milder(a.severity(), b.severity());
            String diagnosis = "";
            if (b != null && a.severity() == Severity.CRITICAL) {
                diagnosis = b.severity() == Severity.CRITICAL
                        ? "critical in both rounds (measured again to confirm)"
                        : "critical in the first round but " + b.severity().label() + " when measured again; reported as " + severity.label();
            }
            boolean isNoisy = noisy.contains(metric);
            if (isNoisy) {
                double width = AdaptiveSampling.relativeHalfWidthPercent(samples.get(metric));
                diagnosis = String.format(java.util.Locale.ROOT, "noisy environment: the 95%% interval of the mean stayed ±%.1f%% wide"
                        + " (target ±%.1f%%) after %d samples; no regression is reported%s", width, adaptive.targetHalfWidthPercent(),
                        samples.get(metric).length, a.severity() == Severity.STABLE || a.severity() == Severity.IMPROVEMENT ? ""
                                : " (the comparison said " + a.severity().label() + ")");
                // A critical change confirmed by the fresh round stands even in a noisy environment.
                boolean confirmedCritical = b != null && a.severity() == Severity.CRITICAL && b.severity() == Severity.CRITICAL;
                if ((severity == Severity.CRITICAL && !confirmedCritical) || severity == Severity.WARNING) {
                    severity = Severity.STABLE;
                }
            }
            verdicts.add(new MetricVerdict(metric, rounds, severity, isNoisy, diagnosis));
        }
        return new Outcome(verdicts, samples, adaptiveRounds, !second.isEmpty());
    }

    /**
     * The metrics whose comparison cannot decide yet: not significant, interval not inside the
     * noise band either, and wider than the target. A comparison that already decides (a clear
     * change, or clearly no change) needs no more samples however wide its spread.
     */
    private List<String> undecidedAndTooWide(Map<String, double[]> baseline, Map<String, double[]> samples) {
        List<String> wide = new ArrayList<>();
        for (Map.Entry<String, double[]> entry : samples.entrySet()) {
            double[] base = baseline.get(entry.getKey());
            if (Samples.mean(base) <= 0 || Samples.mean(entry.getValue()) <= 0 || Samples.median(base) <= 0) {
                continue;
            }
            if (AdaptiveSampling.relativeHalfWidthPercent(entry.getValue()) <= adaptive.targetHalfWidthPercent()) {
                continue;
            }
            MetricComparison c = comparator.compare(policies.apply(entry.getKey()), base, entry.getValue());
            double band = c.noiseBandPercent();
            boolean decided = c.significant() || (c.interval().low() >= -band && c.interval().high() <= band);
            if (!decided) {
                wide.add(entry.getKey());
            }
        }
        return wide;
    }

    /**
     * The less alarming of two severities (critical, then warning, then stable); a regression in
     * one round and an improvement in the other contradict each other and give stable.
     */
    static Severity milder(Severity a, Severity b) {
        if ((a == Severity.IMPROVEMENT) != (b == Severity.IMPROVEMENT)) {
            return Severity.STABLE;
        }
        return rank(a) <= rank(b) ? a : b;
    }

    private static int rank(Severity s) {
        switch (s) {
            case CRITICAL:
                return 3;
            case WARNING:
                return 2;
            case STABLE:
                return 1;
            default:
                return 0;
        }
    }

    private static double[] concat(double[] a, double[] b) {
        double[] all = new double[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
