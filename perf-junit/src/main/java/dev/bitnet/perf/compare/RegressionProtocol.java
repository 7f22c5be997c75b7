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
 *       either its 95% interval of the mean or the comparison's own 95% interval of the median's
 *       change is wider than {@link AdaptiveSampling#targetHalfWidthPercent()} (half-width, in
 *       percent; for the change, at most half the noise band), another round is measured and
 *       appended, until both are narrow enough, the comparison decides, or the budget (time spent
 *       measuring, sample count) is spent. A metric whose current mean is still too imprecise then
 *       is marked <em>noisy</em>; one with a precise mean whose change still crosses the band's
 *       edge is reported undecided. The interval of the change
 *       counts because it is what the decision needs: a current sample whose mean is known to ±1%
 *       still leaves the change undecided when its median jumps between two modes (iterations
 *       slowed by a neighbour and iterations that were not). For a current sample with a precise
 *       mean, no rounds are spent, and nothing is called noisy, where the <em>baseline's</em> spread
 *       alone leaves the change undecided: with the current median taken as exact, the bootstrap
 *       interval over the baseline alone still straddles the noise band's edge, and no number of
 *       current samples can change that; the verdict says so instead.</li>
 *   <li><strong>Comparison</strong> of every metric with its baseline ({@link BaselineComparator}).</li>
 *   <li><strong>Re-measurement</strong> (when enabled): if any metric is critical, a fresh round
 *       is measured and compared on its own, extended by adaptive sampling like the first one (with
 *       the budget the first round left, and at least the one round) so that a real change is not
 *       dismissed because one fresh round of a few iterations was too noisy to confirm it. A metric
 *       stays critical only when both rounds are critical; otherwise it takes the milder of the two
 *       severities. Both rounds are kept.</li>
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
        long[] spentNanos = {firstRoundDuration.toNanos()};
        List<String> noisy = new ArrayList<>();
        List<String> baselineLimited = new ArrayList<>();
        List<String> undecidedAtBudget = new ArrayList<>();
        int adaptiveRounds = adaptiveEnabled ? extend(baseline, samples, sampler, spentNanos, noisy, baselineLimited, undecidedAtBudget) : 0;
        Map<String, MetricComparison> first = new LinkedHashMap<>();
        for (String metric : baseline.keySet()) {
            first.put(metric, comparator.compare(policies.apply(metric), baseline.get(metric), samples.get(metric)));
        }
        boolean suspect = first.values().stream().anyMatch(c -> c.severity() == Severity.CRITICAL);
        Map<String, MetricComparison> second = new LinkedHashMap<>();
        if (remeasure && suspect) {
            long start = System.nanoTime();
            Map<String, double[]> fresh = new LinkedHashMap<>(sampler.sampleRound());
            spentNanos[0] += System.nanoTime() - start;
            if (adaptiveEnabled) {
                Map<String, double[]> compared = new LinkedHashMap<>();
                for (String metric : baseline.keySet()) {
                    double[] values = fresh.get(metric);
                    if (values != null && values.length > 0) {
                        compared.put(metric, values);
                    }
                }
                extend(baseline, compared, sampler, spentNanos, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                fresh.putAll(compared);
            }
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
            if (b == null && undecidedAtBudget.contains(metric) && !a.significant()) {
                diagnosis = String.format(java.util.Locale.ROOT, "undecided: after %d samples the interval of the median's change"
                        + " [%+.1f%%, %+.1f%%] still crosses the edge of the noise band ±%.1f%%", samples.get(metric).length,
                        a.interval().low(), a.interval().high(), a.noiseBandPercent());
            }
            if (b == null && baselineLimited.contains(metric) && !a.significant()) {
                diagnosis = String.format(java.util.Locale.ROOT, "undecided: the baseline's own spread (its 95%% interval of the mean ±%.1f%%)"
                        + " leaves the interval of the median's change across the noise band however many samples this run takes;"
                        + " record the baseline again on a quiet machine", AdaptiveSampling.relativeHalfWidthPercent(baseline.get(metric)));
            }
            boolean isNoisy = noisy.contains(metric);
            if (isNoisy) {
                double width = AdaptiveSampling.relativeHalfWidthPercent(samples.get(metric));
                diagnosis = String.format(java.util.Locale.ROOT, "noisy environment: the 95%% interval of the mean stayed ±%.1f%% wide"
                        + " and that of the median's change ±%.1f%% (target ±%.1f%%) after %d samples; no regression is reported%s", width,
                        changeHalfWidthPercent(a), adaptive.targetHalfWidthPercent(),
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
     * Appends rounds to {@code samples} while some metric is {@linkplain #undecidedAndTooWide undecided
     * and too wide} and the budget lasts. Metrics still so when it ends go to {@code noisy} (their
     * current mean stayed imprecise) or {@code undecidedAtBudget} (a precise mean, but the change
     * still crosses the band's edge); {@code baselineLimited} holds, at the end, the metrics left
     * undecided by the baseline's spread. Each check runs the comparison's bootstrap once per
     * undecided metric (time O(resamples · n log n)), outside the measuring budget.
     *
     * @param spentNanos measuring time spent so far, updated
     * @return the rounds appended
     */
    private int extend(Map<String, double[]> baseline, Map<String, double[]> samples, Sampler sampler, long[] spentNanos,
            List<String> noisy, List<String> baselineLimited, List<String> undecidedAtBudget) {
        int rounds = 0;
        while (true) {
            baselineLimited.clear();
            List<String> changeOnly = new ArrayList<>();
            List<String> tooWide = undecidedAndTooWide(baseline, samples, baselineLimited, changeOnly);
            if (tooWide.isEmpty()) {
                return rounds;
            }
            boolean exhausted = spentNanos[0] >= adaptive.budget().toNanos()
                    || tooWide.stream().anyMatch(m -> samples.get(m).length >= adaptive.maxSamples());
            if (exhausted) {
                // noisy: the current sample itself stayed imprecise; a precise one whose change still
                // crosses the band's edge is undecided, which is no fault of the environment
                for (String metric : tooWide) {
                    (changeOnly.contains(metric) ? undecidedAtBudget : noisy).add(metric);
                }
                return rounds;
            }
            long start = System.nanoTime();
            Map<String, double[]> more = sampler.sampleRound();
            spentNanos[0] += System.nanoTime() - start;
            rounds++;
            for (Map.Entry<String, double[]> entry : samples.entrySet()) {
                entry.setValue(concat(entry.getValue(), more.getOrDefault(entry.getKey(), new double[0])));
            }
        }
    }

    /**
     * The metrics whose comparison cannot decide yet: not significant, interval of the change not
     * inside the noise band either, and either the current sample's 95% interval of the mean or
     * the comparison's 95% interval of the median's change wider than the target; the latter only
     * where the baseline is not what limits it (those go to {@code baselineLimited}). A comparison
     * that already decides (a clear change, or clearly no change) needs no more samples however
     * wide its spread.
     */
    private List<String> undecidedAndTooWide(Map<String, double[]> baseline, Map<String, double[]> samples,
            List<String> baselineLimited, List<String> changeOnly) {
        List<String> wide = new ArrayList<>();
        for (Map.Entry<String, double[]> entry : samples.entrySet()) {
            double[] base = baseline.get(entry.getKey());
            if (Samples.mean(base) <= 0 || Samples.mean(entry.getValue()) <= 0 || Samples.median(base) <= 0) {
                continue;
            }
            MetricComparison c = comparator.compare(policies.apply(entry.getKey()), base, entry.getValue());
            double band = c.noiseBandPercent();
            boolean decided = c.significant() || (c.interval().low() >= -band && c.interval().high() <= band);
            if (decided) {
                continue;
            }
            double target = adaptive.targetHalfWidthPercent();
            if (AdaptiveSampling.relativeHalfWidthPercent(entry.getValue()) > target) {
                wide.add(entry.getKey()); // the current sample itself is too imprecise
            } else if (changeHalfWidthPercent(c) > changeTargetHalfWidthPercent(band)) {
                // a precise mean, yet the change is too uncertain: more samples help unless the baseline is what limits it
                if (undecidedByTheBaselineAlone(base, Samples.median(entry.getValue()), band)) {
                    baselineLimited.add(entry.getKey());
                } else {
                    wide.add(entry.getKey());
                    changeOnly.add(entry.getKey());
                }
            }
        }
        return wide;
    }

    /**
     * Whether the baseline's spread alone leaves the change undecided: the bootstrap interval of the
     * median's relative change with the current median taken as exact (a one-value current sample,
     * so only the baseline is resampled) neither lies beyond ±{@code bandPercent} nor inside it,
     * and is itself wider than {@link #changeTargetHalfWidthPercent(double)}. More current samples
     * cannot narrow that interval. (A narrow one that straddles the edge only says that the current
     * median's estimate sits near the edge, which more current samples can settle.)
     */
    boolean undecidedByTheBaselineAlone(double[] base, double currentMedian, double bandPercent) {
        ComparisonSettings settings = comparator.settings();
        Interval fraction = Bootstrap.medianRelativeChange(base, new double[] {currentMedian}, settings.bootstrapResamples(),
                settings.confidenceLevel(), settings.seed());
        double low = fraction.low() * 100;
        double high = fraction.high() * 100;
        boolean beyond = low > bandPercent || high < -bandPercent;
        boolean inside = low >= -bandPercent && high <= bandPercent;
        return !beyond && !inside && (high - low) / 2 > changeTargetHalfWidthPercent(bandPercent);
    }

    /**
     * How narrow the interval of the median's change must get before an undecided comparison stops
     * sampling: the adaptive target, but at most half the noise band. An interval that straddles
     * the band's edge with a half-width of {@code w} leaves every change within {@code w} of the
     * edge undecided; with the target alone (1.25 × the band by default) a real 10% change against
     * a 5% band could stop at [+4%, +16%], undecided, where a few more rounds decide it.
     */
    double changeTargetHalfWidthPercent(double bandPercent) {
        double target = adaptive.targetHalfWidthPercent();
        return bandPercent > 0 ? Math.min(target, bandPercent / 2) : target;
    }

    /** Half the width of the comparison's interval of the median's relative change, in percent. */
    static double changeHalfWidthPercent(MetricComparison c) {
        return (c.interval().high() - c.interval().low()) / 2;
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
