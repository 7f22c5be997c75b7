package dev.bitnet.perf.bench;

import dev.bitnet.perf.Measure;
import dev.bitnet.perf.PerformanceTest;
import dev.bitnet.perf.plan.Mode;
import dev.bitnet.perf.plan.Plan;
import dev.bitnet.perf.record.PerfRecord;
import dev.bitnet.perf.record.RecordJson;
import dev.bitnet.perf.sample.Metric;
import dev.bitnet.perf.sample.Probes;
import dev.bitnet.perf.sample.Runner;
import dev.bitnet.perf.sample.Samples;
import dev.bitnet.perf.stats.SortedSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Prints perf-junit's own overhead per measured iteration, measured on an empty workload:
 *
 * <ol>
 *   <li><b>in-timing overhead</b>: the latency recorded for a call that does nothing, i.e. what
 *       perf-junit adds to every measured latency (two {@code nanoTime} reads, the workload
 *       dispatch, and for {@code Measure} the region bookkeeping). Target: below 1 µs.</li>
 *   <li><b>bookkeeping per iteration</b>: wall time of the whole run divided by the iterations:
 *       everything the runner does per iteration outside the timing too (thread CPU and allocation
 *       counters, GC and heap readings, {@code /proc/self/status}, the sample objects).</li>
 * </ol>
 *
 * Each configuration runs {@code rounds} times; the medians of the rounds are printed. Run with
 * {@code mvn -q -pl perf-junit test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.bitnet.perf.bench.OverheadBenchmark [-Dexec.args="200000 5"]}.
 */
public final class OverheadBenchmark {

    private OverheadBenchmark() {}

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.printf(Locale.ROOT, "perf-junit overhead benchmark: %d measured iterations x %d rounds, %s %s, %d cpus%n",
                iterations, rounds, System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-44s %16s %16s %18s%n", "configuration", "in-timing med ns",
                "in-timing mean ns", "bookkeeping ns/it");

        runCore("Runner, empty call, all probes", Probes.system(), iterations, rounds);
        runCore("Runner, empty call, no /proc reads", Probes.withoutProcessMemory(), iterations, rounds);
        runExtension("@PerformanceTest + Measure.run (JUnit)", RegionCase.class, Math.min(iterations, 50_000), rounds);
        runExtension("@PerformanceTest whole method (JUnit)", WholeMethodCase.class, Math.min(iterations, 50_000), rounds);
        probeCosts(Math.max(iterations / 10, 1000));
    }

    /** What each reading outside the timing costs: the parts of the bookkeeping figure. */
    private static void probeCosts(int n) {
        Probes probes = Probes.system();
        long sink = 0;
        System.out.printf(Locale.ROOT, "%nprobe costs (ns per reading, median of 5 batches of %d; outside the timing):%n", n);
        String[] names = {"System.nanoTime", "thread CPU time (x2 per call)", "thread allocated bytes (x2 per call)",
            "GC count, all collectors (x2 per iteration)", "GC time, all collectors (x2 per iteration)",
            "heap used (x1 per iteration)", "/proc/self/status (<= 1 per ms)"};
        for (int probe = 0; probe < names.length; probe++) {
            double[] batches = new double[5];
            int count = probe == 6 ? Math.max(n / 20, 100) : n;
            for (int b = 0; b < batches.length; b++) {
                long start = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    sink += switch (probe) {
                        case 0 -> System.nanoTime();
                        case 1 -> probes.threadCpuNanos();
                        case 2 -> probes.threadAllocatedBytes();
                        case 3 -> probes.gcCount();
                        case 4 -> probes.gcTimeMillis();
                        case 5 -> probes.heapUsedBytes();
                        default -> probes.residentSetBytes()[0];
                    };
                }
                batches[b] = (double) (System.nanoTime() - start) / count;
            }
            System.out.printf(Locale.ROOT, "  %-44s %10.0f%n", names[probe], median(batches));
        }
        if (sink == 42) {
            System.out.println();
        }
    }

    private static void runCore(String name, Probes probes, int iterations, int rounds) throws Exception {
        Runner runner = new Runner(probes);
        Plan plan = new Plan("bench", "empty", OverheadBenchmark.class.getName(), "empty()", Mode.REGION,
                iterations / 4, iterations, 1, null, Map.of());
        double[] medians = new double[rounds];
        double[] means = new double[rounds];
        double[] perIteration = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            Samples samples = runner.run(plan, () -> null);
            long elapsed = System.nanoTime() - start;
            SortedSample latency = SortedSample.of(samples.values(Metric.LATENCY_MS));
            medians[round] = latency.median() * 1e6;
            means[round] = latency.mean() * 1e6;
            perIteration[round] = (double) elapsed / (plan.warmup() + plan.iterations());
        }
        print(name, medians, means, perIteration);
    }

    private static void runExtension(String name, Class<?> testCase, int iterations, int rounds) throws Exception {
        double[] medians = new double[rounds];
        double[] means = new double[rounds];
        double[] perIteration = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            Path dir = Files.createTempDirectory("perf-junit-bench");
            try {
                EngineTestKit.engine("junit-jupiter")
                        .enableImplicitConfigurationParameters(false)
                        .configurationParameter(PerformanceTest.RECORDS_DIR_KEY, dir.toString())
                        .configurationParameter(PerformanceTest.ITERATIONS_KEY, String.valueOf(iterations))
                        .configurationParameter(PerformanceTest.WARMUP_KEY, String.valueOf(iterations / 4))
                        .selectors(DiscoverySelectors.selectClass(testCase))
                        .execute()
                        .testEvents().assertStatistics(s -> s.succeeded(1));
                PerfRecord record;
                try (Stream<Path> files = Files.list(dir)) {
                    record = RecordJson.read(files.findFirst().orElseThrow());
                }
                double[] latencies = new Samples(record.samples()).values(Metric.LATENCY_MS);
                SortedSample latency = SortedSample.of(latencies);
                medians[round] = latency.median() * 1e6;
                means[round] = latency.mean() * 1e6;
                double measuredNanos = Duration.between(Instant.parse(record.startedAt()),
                        Instant.parse(record.finishedAt())).toNanos();
                // startedAt..finishedAt spans warm-up, measurement and evaluation of this one test.
                perIteration[round] = measuredNanos / (record.config().warmup() + record.config().iterations());
            } finally {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
                }
            }
        }
        print(name, medians, means, perIteration);
    }

    private static void print(String name, double[] medians, double[] means, double[] perIteration) {
        System.out.printf(Locale.ROOT, "%-44s %16.1f %16.1f %18.1f%n", name, median(medians), median(means),
                median(perIteration));
    }

    private static double median(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return SortedSample.of(copy).median();
    }

    /** Fixture: an empty region. */
    public static class RegionCase {
        @PerformanceTest
        void emptyRegion(Measure measure) {
            measure.run(() -> { });
        }
    }

    /** Fixture: an empty method timed as a whole. */
    public static class WholeMethodCase {
        @PerformanceTest
        void emptyMethod() {
            List.of();
        }
    }
}
