package dev.bitnet.perf.bench;

import dev.bitnet.perf.baseline.BaselineSettings;
import dev.bitnet.perf.compare.MetricComparison;
import dev.bitnet.perf.compare.RegressionProtocol;
import dev.bitnet.perf.compare.Severity;
import dev.bitnet.perf.env.CpuTimes;
import dev.bitnet.perf.env.EnvironmentProbe;
import dev.bitnet.perf.env.OtherProcessLoad;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Evidence that the baseline comparison neither cries wolf nor misses real slowdowns: A/A
 * comparisons (the same real workload measured twice, baseline first, then "current", as in real
 * use) and A/B comparisons with a real injected slowdown (the current round does 1.05, 1.10 or
 * 1.25 times the work), all judged by {@link RegressionProtocol} with the settings the extension
 * uses on this machine (adaptive sampling and re-measurement on; noise band and adaptive target
 * from the environment defaults, unless {@code -Dperf.compare.noiseBandPercent=...} etc. are set).
 *
 * <p>The workload: dense 48×48 float matrix products (about 110 000 multiply-adds each),
 * {@code WORK_UNITS} of them per iteration; an iteration yields one {@code latency_ms} value (its
 * wall time) and one {@code tokens_per_second} value (products per second, each product counted
 * as a "token") and one {@code cpu_time_ms} value (the thread's CPU time, which waiting for a
 * CPU on a shared machine does not inflate). A round is {@code ITERATIONS} iterations, as a performance test with
 * {@code @PerformanceTest(iterations = 15)} would measure.
 *
 * <p>Run: {@code mvn -B -q -o -pl perf-junit test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.bitnet.perf.bench.FalseAlarmBenchmark [-Dexec.args="20"]} (argument: trials
 * per scenario, default 20). It prints, per scenario, how often each severity came out and how
 * often a significant regression was flagged, then the CPU use of other processes during each
 * scenario. Targets: no critical in 20 A/A; 10% flagged in at least 90% of trials; 25% in all.
 * {@code -Dbench.details=true} prints each trial's rounds (why it was or was not flagged);
 * {@code -Dbench.factors=1.10,1.25} runs only those scenarios while investigating.
 */
public final class FalseAlarmBenchmark {
    static final int N = 48;
    static final int WORK_UNITS = 60;
    static final int ITERATIONS = 15;

    private static final float[] A = new float[N * N];
    private static final float[] B = new float[N * N];
    private static final float[] C = new float[N * N];
    private static volatile float sink;
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private FalseAlarmBenchmark() {}

    static {
        for (int i = 0; i < A.length; i++) {
            A[i] = (i % 17) * 0.25f - 2f;
            B[i] = (i % 13) * 0.5f - 3f;
        }
    }

    /** One dense matrix product C = A·B (the real work). */
    static void multiply() {
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                float s = 0;
                for (int k = 0; k < N; k++) {
                    s += A[i * N + k] * B[k * N + j];
                }
                C[i * N + j] = s;
            }
        }
        sink += C[(int) (sink * 0) + 7];
    }

    /** One round of {@code ITERATIONS} iterations doing {@code workFactor} times the normal work. */
    static Map<String, double[]> round(double workFactor) {
        int units = (int) Math.round(WORK_UNITS * workFactor);
        double[] latency = new double[ITERATIONS];
        double[] tokens = new double[ITERATIONS];
        double[] cpu = new double[ITERATIONS];
        for (int it = 0; it < ITERATIONS; it++) {
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            for (int u = 0; u < units; u++) {
                multiply();
            }
            long nanos = System.nanoTime() - start;
            cpu[it] = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e6;
            latency[it] = nanos / 1e6;
            // tokens/s counts the nominal units, as a model's tokens stay the same when the code gets slower
            tokens[it] = WORK_UNITS * 1e9 / nanos;
        }
        Map<String, double[]> values = new LinkedHashMap<>();
        values.put("latency_ms", latency);
        values.put("tokens_per_second", tokens);
        values.put("cpu_time_ms", cpu);
        return values;
    }

    public static void main(String[] args) {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        BaselineSettings settings = BaselineSettings.from(key -> Optional.ofNullable(System.getProperty(key)));
        RegressionProtocol protocol = new RegressionProtocol(settings.comparison(), settings.adaptive(), settings.adaptiveEnabled(),
                settings.remeasure());
        System.out.printf(Locale.ROOT, "Environment %s, load at start %s%n", EnvironmentProbe.current().environmentClass(),
                EnvironmentProbe.current().loadAtStart());
        System.out.printf(Locale.ROOT, "Settings: %s p-values, alpha %.2f, noise band ±%.1f%%, adaptive %s (target ±%.2f%%, budget %s,"
                        + " max %d samples), re-measure %s; %d iterations of %d matrix products per round%n",
                settings.comparison().test().cliName(), settings.comparison().alpha(), settings.comparison().noiseBandPercent(),
                settings.adaptiveEnabled() ? "on" : "off", settings.adaptive().targetHalfWidthPercent(), settings.adaptive().budget(),
                settings.adaptive().maxSamples(), settings.remeasure() ? "on" : "off", ITERATIONS, WORK_UNITS);
        long warmupEnd = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < warmupEnd) {
            round(1.0);
        }
        double[] slowdowns = {1.0, 1.05, 1.10, 1.25};
        String only = System.getProperty("bench.factors"); // e.g. 1.10,1.25 while investigating; the evidence runs all four
        if (only != null && !only.isBlank()) {
            slowdowns = java.util.Arrays.stream(only.split(",")).mapToDouble(f -> Double.parseDouble(f.trim())).toArray();
        }
        System.out.printf(Locale.ROOT, "%n%-10s %-18s %8s %8s %8s %8s %8s %10s %10s %12s%n", "scenario", "metric", "critical", "warning",
                "stable", "improve", "flagged", "noisy", "remeasured", "median chg");
        List<String> otherLoad = new ArrayList<>();
        for (double factor : slowdowns) {
            CpuTimes scenarioStart = CpuTimes.now();
            Map<String, Tally> tallies = new LinkedHashMap<>();
            for (int t = 0; t < trials; t++) {
                long start = System.nanoTime();
                Map<String, double[]> baseline = round(1.0);
                Map<String, double[]> current = round(factor);
                Duration firstRound = Duration.ofNanos((System.nanoTime() - start) / 2);
                RegressionProtocol.Outcome outcome = protocol.judge(baseline, current, firstRound, () -> round(factor));
                for (RegressionProtocol.MetricVerdict verdict : outcome.verdicts()) {
                    tallies.computeIfAbsent(verdict.metricName(), m -> new Tally()).add(verdict, outcome.remeasured());
                    if (DETAILS) {
                        printDetails(factor, t + 1, verdict, outcome, baseline.get(verdict.metricName()));
                    }
                }
            }
            String scenario = factor == 1.0 ? "A/A" : String.format(Locale.ROOT, "A/B +%.0f%%", (factor - 1) * 100);
            // what else ran on the machine meanwhile: explains missed trials, judges nothing
            otherLoad.add(scenario + ": " + OtherProcessLoad.between(scenarioStart, CpuTimes.now(), OtherProcessLoad.DEFAULT_LIMIT).describe()
                    .replace("the test's", "the scenario's"));
            tallies.forEach((metric, tally) -> System.out.printf(Locale.ROOT, "%-10s %-18s %8d %8d %8d %8d %7.0f%% %10d %10d %+11.1f%%%n",
                    scenario, metric, tally.count(Severity.CRITICAL), tally.count(Severity.WARNING), tally.count(Severity.STABLE),
                    tally.count(Severity.IMPROVEMENT), 100.0 * tally.flagged / tally.trials, tally.noisy, tally.remeasured,
                    tally.medianChange()));
        }
        System.out.println();
        otherLoad.forEach(System.out::println);
        System.out.println("\nflagged = the final severity is critical or warning, or every round found a significant regression (p < alpha"
                + "\nand the 95% interval of the median's relative change entirely beyond the noise band, in the worse direction).");
    }

    /** {@code -Dbench.details=true} prints every trial's figures per metric: why a trial was (not) flagged. */
    static final boolean DETAILS = Boolean.getBoolean("bench.details");

    private static void printDetails(double factor, int trial, RegressionProtocol.MetricVerdict verdict, RegressionProtocol.Outcome outcome,
            double[] baseline) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  x%.2f #%-2d %-18s adaptive+%d%s hw base ±%.1f%% cur ±%.1f%%",
                factor, trial, verdict.metricName(), outcome.adaptiveRounds(), verdict.noisy() ? " NOISY" : "",
                dev.bitnet.perf.compare.AdaptiveSampling.relativeHalfWidthPercent(baseline),
                dev.bitnet.perf.compare.AdaptiveSampling.relativeHalfWidthPercent(outcome.samples().get(verdict.metricName()))));
        for (MetricComparison round : verdict.rounds()) {
            line.append(String.format(Locale.ROOT, " | n=%d/%d mean %+.1f%% median %+.1f%% p=%.4f CI [%+.1f%%, %+.1f%%] band ±%.1f%% sig=%s %s",
                    round.baselineCount(), round.currentCount(), round.changePercent(), round.medianChangePercent(), round.pValue(),
                    round.interval().low(), round.interval().high(), round.noiseBandPercent(), round.significant(), round.severity().label()));
        }
        line.append(" => ").append(verdict.severity().label());
        if (!verdict.diagnosis().isEmpty()) {
            line.append(" (").append(verdict.diagnosis()).append(')');
        }
        System.out.println(line);
    }

    static final class Tally {
        final Map<Severity, Integer> severities = new EnumMap<>(Severity.class);
        final List<Double> changes = new ArrayList<>();
        int trials;
        int flagged;
        int noisy;
        int remeasured;

        void add(RegressionProtocol.MetricVerdict verdict, boolean wasRemeasured) {
            trials++;
            severities.merge(verdict.severity(), 1, Integer::sum);
            MetricComparison last = verdict.last();
            boolean alarm = verdict.severity() == Severity.CRITICAL || verdict.severity() == Severity.WARNING;
            if (alarm || (!verdict.noisy() && last.regression() && verdict.first().regression())) {
                flagged++;
            }
            if (verdict.noisy()) {
                noisy++;
            }
            if (wasRemeasured) {
                remeasured++;
            }
            changes.add(verdict.first().medianChangePercent());
        }

        int count(Severity s) {
            return severities.getOrDefault(s, 0);
        }

        double medianChange() {
            List<Double> sorted = new ArrayList<>(changes);
            sorted.sort(null);
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }
    }
}
