package dev.bitnet.perf.baseline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.bitnet.perf.compare.ChangePoint;
import dev.bitnet.perf.compare.ChangePointDetector;
import dev.bitnet.perf.compare.MetricComparison;
import dev.bitnet.perf.compare.MetricPolicy;
import dev.bitnet.perf.compare.RegressionProtocol;
import dev.bitnet.perf.compare.Severity;
import dev.bitnet.perf.env.EnvironmentFingerprint;
import dev.bitnet.perf.env.EnvironmentProbe;
import dev.bitnet.perf.env.LoadAverage;
import dev.bitnet.perf.env.OtherProcessLoad;
import dev.bitnet.perf.plan.Plan;
import dev.bitnet.perf.sample.Metric;
import dev.bitnet.perf.sample.Samples;
import dev.bitnet.perf.verdict.Check;
import dev.bitnet.perf.verdict.Evidence;
import dev.bitnet.perf.verdict.Finding;
import dev.bitnet.perf.verdict.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * {@code BaselineCheck} compares each judged metric of a performance test with the stored
 * baseline of this environment class and turns the {@link RegressionProtocol}'s verdicts into
 * findings: critical fails the test, warning is reported (and fails with
 * {@code perf.baseline.failOnWarning=true}), improvement and stable are information. A missing
 * baseline is reported as missing, with the classes that do have one (once the project has a
 * baseline directory at all; without one, and without {@code perf.baseline.update=true}, the check
 * stays silent); a bad baseline file fails
 * the test with a message naming the file and field. Change points in the history of the
 * environment class are reported, never failing.
 *
 * <p>As an {@link ExtraRounds.Participant} it samples adaptively and re-measures a suspected
 * critical regression while the test's workload can still run; both rounds appear in the finding.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class BaselineCheck implements Check, ExtraRounds.Participant {
    public static final String NAME = "baseline";

    /** What the extra-rounds step learnt about a test, for the check and the recorder; keyed by test id. */
    record TestState(BaselineSettings settings, RegressionProtocol.@Nullable Outcome outcome) {}

    static final ConcurrentHashMap<String, TestState> STATES = new ConcurrentHashMap<>();

    private final EnvironmentFingerprint fingerprint;

    public BaselineCheck(EnvironmentFingerprint fingerprint) {
        this.fingerprint = fingerprint;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The settings of a test: those its extra-rounds step saw, else system properties and {@code junit-platform.properties}. */
    BaselineSettings settingsOf(String testId) {
        TestState state = STATES.get(testId);
        return state != null ? state.settings() : BaselineSettings.from(ConfigurationLookup.systemThenClasspath(), fingerprint);
    }

    private static final class RoundFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RoundFailure(Exception cause) {
            super(cause);
        }
    }

    @Override
    public Samples afterFirstRound(Plan plan, Samples first, Duration firstRound, ExtraRounds.RoundRunner more,
            Function<String, Optional<String>> configuration) throws Exception {
        BaselineSettings settings = BaselineSettings.from(configuration, fingerprint);
        STATES.put(plan.testId(), new TestState(settings, null));
        if (!settings.compare() || !settings.adaptiveEnabled() && !settings.remeasure()) {
            return first;
        }
        Baseline baseline;
        try {
            Optional<Baseline> found = new BaselineStore(settings.directory()).find(fingerprint.environmentClass().slug(), plan.testId()).found();
            if (found.isEmpty()) {
                return first;
            }
            baseline = found.get();
        } catch (BaselineFormatException e) {
            return first; // evaluate() reports it
        }
        Map<String, double[]> base = judged(baseline, settings);
        Map<String, double[]> current = values(first, settings);
        if (base.isEmpty() || !base.keySet().equals(current.keySet())) {
            return first; // evaluate() reports the different metric set
        }
        List<Samples> rounds = new ArrayList<>();
        RegressionProtocol.Outcome outcome;
        try {
            outcome = protocol(settings).judge(base, current, firstRound, () -> {
                try {
                    Samples round = more.run(ExtraRounds.withoutWarmup(plan));
                    rounds.add(round);
                    return values(round, settings);
                } catch (Exception e) {
                    throw new RoundFailure(e);
                }
            });
        } catch (RoundFailure e) {
            throw (Exception) e.getCause();
        }
        STATES.put(plan.testId(), new TestState(settings, outcome));
        Samples extended = first;
        for (int i = 0; i < outcome.adaptiveRounds(); i++) {
            extended = ExtraRounds.append(extended, rounds.get(i));
        }
        return extended;
    }

    @Override
    public List<Finding> evaluate(Evidence evidence) {
        String testId = evidence.plan().testId();
        BaselineSettings settings = settingsOf(testId);
        if (!settings.compare()) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        for (String warning : settings.warnings()) {
            findings.add(new Finding(NAME, Status.WARNING, null, warning, Map.of()));
        }
        String environmentClass = fingerprint.environmentClass().slug();
        if (!settings.update() && !java.nio.file.Files.isDirectory(settings.directory())) {
            return findings; // this project keeps no baselines (yet): nothing to compare, nothing to report
        }
        BaselineStore store = new BaselineStore(settings.directory());
        BaselineLookup lookup;
        try {
            lookup = store.find(environmentClass, testId);
        } catch (BaselineFormatException e) {
            findings.add(new Finding(NAME, Status.FAILED, null, e.getMessage(), Map.of("baseline.file", e.file().toString(), "field", e.field())));
            return findings;
        }
        if (lookup.found().isEmpty()) {
            String message = lookup.describeMissing() + (settings.update() ? " It is recorded by this run (" + BaselineSettings.UPDATE_KEY
                    + "=true)." : "");
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("baseline.file", lookup.file().toString());
            details.put("environmentClass", environmentClass);
            details.put("classesWithThisTest", lookup.classesWithThisTest());
            details.put("allClasses", lookup.allClasses());
            findings.add(new Finding(NAME, Status.INFO, null, message, details));
            if (settings.history()) {
                findings.addAll(changePoints(store, environmentClass, testId, values(evidence.samples(), settings), settings));
            }
            return findings;
        }
        Baseline baseline = lookup.found().get();
        Map<String, double[]> base = judged(baseline, settings);
        Map<String, double[]> current = values(evidence.samples(), settings);
        if (!base.keySet().equals(current.keySet())) {
            TreeSet<String> missing = new TreeSet<>(current.keySet());
            missing.removeAll(base.keySet());
            TreeSet<String> extra = new TreeSet<>(base.keySet());
            extra.removeAll(current.keySet());
            BaselineFormatException e = new BaselineFormatException(lookup.file(), "metrics", "holds the compared metrics "
                    + new TreeSet<>(base.keySet()) + " but the current run measured " + new TreeSet<>(current.keySet())
                    + " (not in the baseline: " + missing + ", only in the baseline: " + extra + "). Record a new baseline for the new"
                    + " metric set with -D" + BaselineSettings.UPDATE_KEY + "=true.");
            findings.add(new Finding(NAME, settings.update() ? Status.WARNING : Status.FAILED, null, e.getMessage(),
                    Map.of("baseline.file", lookup.file().toString())));
            return findings;
        }
        TestState state = STATES.get(testId);
        RegressionProtocol.Outcome outcome = state != null && state.outcome() != null ? state.outcome()
                : new RegressionProtocol(settings.comparison(), settings.adaptive(), false, false)
                        .judge(base, current, Duration.ZERO, () -> {
                            throw new IllegalStateException("no further rounds outside a test");
                        });
        LoadAverage loadAtEnd = EnvironmentProbe.loadAverageNow();
        OtherProcessLoad duringTest = OtherProcessLoad.fromEnvironment(evidence.environment()).orElse(null);
        for (RegressionProtocol.MetricVerdict verdict : outcome.verdicts()) {
            findings.add(finding(verdict, settings, baseline, lookup, environmentClass, loadAtEnd, duringTest));
        }
        if (settings.history()) {
            findings.addAll(changePoints(store, environmentClass, testId, current, settings));
        }
        return findings;
    }

    private Finding finding(RegressionProtocol.MetricVerdict verdict, BaselineSettings settings, Baseline baseline, BaselineLookup lookup,
            String environmentClass, LoadAverage loadAtEnd, @Nullable OtherProcessLoad duringTest) {
        MetricComparison first = verdict.first();
        Metric metric = Metric.byName(verdict.metricName()).orElse(null);
        String unit = metric == null ? "" : " " + metric.unit();
        Severity severity = verdict.severity();
        Status status;
        switch (severity) {
            case CRITICAL:
                status = settings.update() || !settings.failOnCritical() ? Status.WARNING : Status.FAILED;
                break;
            case WARNING:
                status = settings.failOnWarning() && !settings.update() ? Status.FAILED : Status.WARNING;
                break;
            case IMPROVEMENT:
                status = Status.INFO;
                break;
            default:
                status = verdict.noisy() ? Status.WARNING : Status.PASSED;
        }
        StringBuilder message = new StringBuilder();
        message.append(describe(first, unit));
        if (verdict.rounds().size() > 1) {
            MetricComparison again = verdict.last();
            message.append(" Measured again: ").append(describe(again, unit));
        }
        message.append(String.format(Locale.ROOT, " Verdict: %s", severity.label()));
        if (!verdict.diagnosis().isEmpty()) {
            message.append("; ").append(verdict.diagnosis());
        }
        message.append(String.format(Locale.ROOT, ". Baseline [%s] of environment class %s, recorded %s%s.", lookup.file(),
                environmentClass, baseline.recordedAt(), baseline.commit() == null ? "" : " at commit "
                        + baseline.commit().substring(0, Math.min(12, baseline.commit().length()))));
        LoadAverage loadAtStart = fingerprint.loadAtStart();
        // Loaded = other processes competed for the CPUs while this test was measured. The load
        // averages (kept below as facts) count the test's own busy threads and so judge nothing.
        boolean loaded = duringTest != null && duringTest.loaded();
        if (loaded && severity != Severity.STABLE) {
            message.append(" The machine was loaded: ").append(duringTest.describe()).append(String.format(Locale.ROOT,
                    " (load average %s at the start of the run, %s now): timings are less reliable.", load(loadAtStart), load(loadAtEnd)));
        }
        if (severity == Severity.CRITICAL && settings.update()) {
            message.append(" Not failing: " + BaselineSettings.UPDATE_KEY + "=true replaces the baseline.");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("severity", severity.label());
        details.put("baseline.mean", first.baselineMean());
        details.put("mean", first.currentMean());
        details.put("change.pct", finite(first.changePercent()));
        details.put("median.change.pct", finite(first.medianChangePercent()));
        details.put("ci.low", first.interval().low());
        details.put("ci.high", first.interval().high());
        details.put("ci.level", first.interval().level());
        details.put("p", finite(first.pValue()));
        details.put("test", first.test().cliName());
        details.put("alpha", first.alpha());
        details.put("noise.band.pct", first.noiseBandPercent());
        details.put("significant", first.significant());
        details.put("hedges.g", finite(first.hedgesG()));
        details.put("cliffs.delta", finite(first.cliffsDelta()));
        details.put("samples", first.currentCount());
        details.put("baseline.samples", first.baselineCount());
        details.put("rounds", verdict.rounds().size());
        if (verdict.rounds().size() > 1) {
            MetricComparison again = verdict.last();
            details.put("round2.mean", again.currentMean());
            details.put("round2.change.pct", finite(again.changePercent()));
            details.put("round2.severity", again.severity().label());
            details.put("round2.p", finite(again.pValue()));
        }
        details.put("noisy", verdict.noisy());
        details.put("diagnosis", verdict.diagnosis());
        // For reports: the comparison in one object (each round's figures, the final severity) and the baseline's samples.
        Map<String, Object> comparison = roundDetails(first);
        comparison.put("severity", severity.label());
        comparison.put("baselineSource", lookup.file().toString());
        List<Map<String, Object>> rounds = new ArrayList<>();
        for (MetricComparison round : verdict.rounds()) {
            rounds.add(roundDetails(round));
        }
        comparison.put("rounds", rounds);
        details.put("comparison", comparison);
        List<Double> baselineSamples = new ArrayList<>();
        MetricSamples stored = baseline.metrics().get(verdict.metricName());
        if (stored != null) {
            for (double v : stored.samples()) {
                baselineSamples.add(v);
            }
        }
        details.put("baselineSamples", baselineSamples);
        details.put("baseline.file", lookup.file().toString());
        details.put("environmentClass", environmentClass);
        details.put("load.start", loadAtStart.oneMinute() == null ? "unknown" : loadAtStart.oneMinute());
        details.put("load.end", loadAtEnd.oneMinute() == null ? "unknown" : loadAtEnd.oneMinute());
        details.put("loaded", loaded);
        details.put("otherProcesses", duringTest == null ? "unknown" : duringTest.toMap());
        return new Finding(NAME, status, metric, message.toString(), details);
    }

    private static Map<String, Object> roundDetails(MetricComparison c) {
        Map<String, Object> round = new LinkedHashMap<>();
        round.put("baselineMean", c.baselineMean());
        round.put("currentMean", c.currentMean());
        round.put("changePercent", finite(c.changePercent()));
        round.put("pValue", finite(c.pValue()));
        round.put("ciLowPercent", c.interval().low());
        round.put("ciHighPercent", c.interval().high());
        round.put("confidenceLevel", c.interval().level());
        round.put("severity", c.severity().label());
        round.put("significant", c.significant());
        round.put("samples", c.currentCount());
        return round;
    }

    /** The style guide's regression template, with the severity's sentence. */
    private static String describe(MetricComparison c, String unit) {
        if (!c.note().isEmpty()) {
            return String.format(Locale.ROOT, "%s: mean %s%s vs baseline %s%s; %s.", c.metricName(), number(c.currentMean()), unit,
                    number(c.baselineMean()), unit, c.note());
        }
        String verb = c.regression() ? "regressed" : c.significant() ? "improved" : "unchanged";
        return String.format(Locale.ROOT, "%s %s: mean %s%s vs baseline %s%s (%+.1f%%, %.0f%% CI of the median's change [%+.1f%%, %+.1f%%],"
                        + " p = %.3f %s %.3f, noise band ±%.1f%%).", c.metricName(), verb, number(c.currentMean()), unit,
                number(c.baselineMean()), unit, c.changePercent(), c.interval().level() * 100, c.interval().low(), c.interval().high(),
                c.pValue(), c.pValue() < c.alpha() ? "<" : "≥", c.alpha(), c.noiseBandPercent());
    }

    private List<Finding> changePoints(BaselineStore store, String environmentClass, String testId, Map<String, double[]> current,
            BaselineSettings settings) {
        List<HistoryEntry> history;
        try {
            history = store.readHistory(environmentClass);
        } catch (BaselineFormatException e) {
            return List.of(new Finding(NAME, Status.WARNING, null, e.getMessage() + " (history not analysed)", Map.of()));
        }
        List<Finding> findings = new ArrayList<>();
        for (String metric : current.keySet()) {
            List<Double> medians = new ArrayList<>();
            for (HistoryEntry entry : history) {
                MetricSummary summary = entry.testId().equals(testId) ? entry.metrics().get(metric) : null;
                if (summary != null) {
                    medians.add(summary.median());
                }
            }
            double[] series = new double[medians.size() + 1];
            for (int i = 0; i < medians.size(); i++) {
                series[i] = medians.get(i);
            }
            double[] values = current.get(metric).clone();
            java.util.Arrays.sort(values);
            series[medians.size()] = values.length % 2 == 1 ? values[values.length / 2]
                    : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
            List<ChangePoint> points = ChangePointDetector.defaults().detect(series);
            if (!points.isEmpty()) {
                StringBuilder text = new StringBuilder(metric).append(": change points in the history of this test (")
                        .append(series.length).append(" runs including this one):");
                for (ChangePoint p : points) {
                    text.append(String.format(Locale.ROOT, " from run %d on, median %s → %s (%+.1f%%, p = %.3f);", p.index() + 1,
                            number(p.meanBefore()), number(p.meanAfter()), p.changePercent(), p.pValue()));
                }
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("changePoints", points.stream().map(ChangePoint::index).collect(java.util.stream.Collectors.toList()));
                findings.add(new Finding(NAME, Status.INFO, Metric.byName(metric).orElse(null),
                        text.substring(0, text.length() - 1) + ". Reported only; change points never fail a test.", details));
            }
        }
        return findings;
    }

    RegressionProtocol protocol(BaselineSettings settings) {
        return new RegressionProtocol(settings.comparison(), MetricPolicy::defaultFor, settings.adaptive(), settings.adaptiveEnabled(),
                settings.remeasure());
    }

    /** The baseline's samples of the judged metrics, in the settings' order. */
    static Map<String, double[]> judged(Baseline baseline, BaselineSettings settings) {
        Map<String, double[]> values = new LinkedHashMap<>();
        for (String metric : settings.judgedMetrics()) {
            MetricSamples samples = baseline.metrics().get(metric);
            if (samples != null) {
                values.put(metric, samples.samples());
            }
        }
        return values;
    }

    /** The current values of the judged metrics that were recorded. */
    static Map<String, double[]> values(Samples samples, BaselineSettings settings) {
        Map<String, double[]> values = new LinkedHashMap<>();
        for (String name : settings.judgedMetrics()) {
            Optional<Metric> metric = Metric.byName(name);
            if (metric.isPresent()) {
                double[] v = samples.values(metric.get());
                if (v.length > 0) {
                    values.put(name, v);
                }
            }
        }
        return values;
    }

    private static Object finite(double value) {
        return Double.isFinite(value) ? (Object) value : "NaN";
    }

    private static String load(LoadAverage load) {
        return load.oneMinute() == null ? "unknown" : String.format(Locale.ROOT, "%.2f", load.oneMinute());
    }

    private static String number(double value) {
        return dev.bitnet.perf.threshold.Threshold.format(value);
    }
}
