package dev.bitnet.perf.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitnet.perf.plan.Mode;
import dev.bitnet.perf.plan.Plan;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Runner")
class RunnerTests {

    static volatile Object sink;

    final Runner runner = Runner.withSystemProbes();

    static Plan plan(int warmup, int iterations, int threads, @Nullable Duration timeout) {
        return new Plan("[test:x]", "x()", "com.example.XTests", "x()", Mode.REGION, warmup, iterations, threads,
                timeout, Map.of());
    }

    static int sort(int n) {
        int[] values = new SplittableRandom(n).ints(n).toArray();
        Arrays.sort(values);
        return values[0];
    }

    @Test
    void runsWarmupsUncountedThenOneSamplePerMeasuredIteration() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Samples samples = runner.run(plan(3, 4, 1, null), () -> {
            calls.incrementAndGet();
            return sort(1000);
        });
        assertThat(calls).hasValue(7);
        assertThat(samples.iterations()).extracting(Sample::iteration).containsExactly(1, 2, 3, 4);
        assertThat(samples.iterations()).allSatisfy(s -> {
            assertThat(s.calls()).singleElement().satisfies(c -> assertThat(c.caller()).isZero());
            assertThat(s.wallNanos()).isEqualTo(s.calls().get(0).latencyNanos());
        });
    }

    @Test
    void runsOneThreadOnTheCallersOwnThread() throws Exception {
        Thread self = Thread.currentThread();
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        runner.run(plan(1, 2, 1, null), () -> seen.add(Thread.currentThread()));
        assertThat(seen).containsExactly(self);
    }

    @Test
    void runsConcurrentCallersThatStartTogether() throws Exception {
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        Samples samples = runner.run(plan(1, 5, 4, null), () -> {
            seen.add(Thread.currentThread());
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                // On 2 CPUs one ~1 ms sort can end before the next caller is scheduled, so the
                // first callers hold on (at most 5 s) until a second one is inside: that happens
                // only if the runner really starts them together, never if it ran them in turn.
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (maxInFlight.get() < 2 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                return sort(20_000);
            } finally {
                inFlight.decrementAndGet();
            }
        });
        assertThat(seen).hasSize(4).contains(Thread.currentThread());
        assertThat(samples.iterations()).allSatisfy(s ->
                assertThat(s.calls()).extracting(CallSample::caller).containsExactly(0, 1, 2, 3));
        assertThat(samples.values(Metric.LATENCY_MS)).hasSize(20);
        assertThat(samples.values(Metric.THROUGHPUT_OPS)).hasSize(5);
        // All four callers wait at a barrier, so calls of one iteration overlap.
        assertThat(maxInFlight.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void measuresAllocationOfTheCallingThreadOnly() throws Exception {
        Samples allocating = runner.run(plan(2, 5, 1, null), () -> sink = new byte[1 << 20]);
        Samples notAllocating = runner.run(plan(2, 5, 1, null), () -> null);
        // 1 MiB of payload plus the array header; a little slack for the JVM's own accounting.
        assertThat(allocating.values(Metric.ALLOCATED_BYTES)).hasSize(5);
        for (double bytes : allocating.values(Metric.ALLOCATED_BYTES)) {
            assertThat(bytes).isBetween((double) (1 << 20), (double) (1 << 20) + 1024);
        }
        assertThat(notAllocating.values(Metric.ALLOCATED_BYTES)).containsOnly(0.0);
    }

    @Test
    void recordsTokensAfterEachCallAndDerivesTokensPerSecond() throws Exception {
        Samples samples = runner.run(plan(1, 3, 2, null), new Workload() {
            @Override
            public Object call() {
                return sort(2000);
            }

            @Override
            public long tokensProduced(@Nullable Object result) {
                return 50;
            }
        });
        assertThat(samples.iterations()).allSatisfy(s -> assertThat(s.tokens()).isEqualTo(100));
        double[] rates = samples.values(Metric.TOKENS_PER_SECOND);
        assertThat(rates).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(rates[i]).isEqualTo(100 * 1e9 / samples.iterations().get(i).wallNanos());
        }
    }

    @Test
    void recordsCpuTimeNoLargerThanWallTimePlusTimerResolution() throws Exception {
        Samples samples = runner.run(plan(1, 5, 1, null), () -> sort(50_000));
        double[] cpu = samples.values(Metric.CPU_TIME_MS);
        double[] wall = samples.values(Metric.LATENCY_MS);
        assertThat(cpu).hasSize(5);
        for (int i = 0; i < cpu.length; i++) {
            // CPU clocks tick coarser than nanoTime on some kernels: allow one millisecond.
            assertThat(cpu[i]).isLessThanOrEqualTo(wall[i] + 1.0);
        }
    }

    @Test
    void stopsAtTheFirstFailureAndSaysWhere() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> runner.run(plan(2, 10, 1, null), () -> {
            if (calls.incrementAndGet() == 4) {
                throw new IllegalArgumentException("bad input at call 4");
            }
            return sort(100);
        }))
                .isInstanceOf(MeasuredCodeException.class)
                .hasMessage("x() threw java.lang.IllegalArgumentException in measured iteration 2 of 10")
                .hasCauseInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(((MeasuredCodeException) e).position())
                        .isEqualTo(new Position(Phase.MEASUREMENT, 2, 10, 0, 1)));
        assertThat(calls).hasValue(4);
    }

    @Test
    void timesOutNamingTheIterationReachedAndClearsTheInterrupt() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> runner.run(plan(0, Integer.MAX_VALUE, 1, Duration.ofMillis(150)), () -> {
            calls.incrementAndGet();
            return sort(5_000);
        }))
                .isInstanceOf(PerformanceTimeoutException.class)
                .hasMessageMatching("x\\(\\) timed out after 150 milliseconds in measured iteration \\d+ of 2147483647");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(calls.get()).isGreaterThan(0);
    }

    @Test
    void timesOutConcurrentCallersToo() {
        assertThatThrownBy(() -> runner.run(plan(0, Integer.MAX_VALUE, 3, Duration.ofMillis(150)), () -> sort(5_000)))
                .isInstanceOf(PerformanceTimeoutException.class)
                .hasMessageContaining("timed out after 150 milliseconds in measured iteration");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void finishesNormallyWithinItsTimeout() throws Exception {
        Samples samples = runner.run(plan(1, 3, 2, Duration.ofMinutes(5)), () -> sort(100));
        assertThat(samples.size()).isEqualTo(3);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void readsProcessMemoryOnLinuxOnly() throws Exception {
        Samples samples = runner.run(plan(0, 2, 1, null), () -> sort(100));
        boolean linux = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux");
        assertThat(samples.values(Metric.MEMORY_USAGE_MB).length).isEqualTo(linux ? 2 : 0);
        assertThat(samples.values(Metric.PEAK_RSS_MB).length).isEqualTo(linux ? 2 : 0);
        Samples withoutProc = new Runner(Probes.withoutProcessMemory()).run(plan(0, 2, 1, null), () -> sort(100));
        assertThat(withoutProc.values(Metric.MEMORY_USAGE_MB)).isEmpty();
        assertThat(withoutProc.values(Metric.HEAP_USED_MB)).hasSize(2);
    }

    @Test
    void keepsReadingProcessMemoryAfterAnInterruptedReading() {
        boolean linux = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux");
        Probes probes = Probes.system();
        Thread.currentThread().interrupt();
        try {
            probes.residentSetBytes();
        } finally {
            Thread.interrupted();
        }
        long[] rss = probes.residentSetBytes();
        if (linux) {
            assertThat(rss[0]).isPositive();
            assertThat(rss[1]).isGreaterThanOrEqualTo(rss[0]);
        } else {
            assertThat(rss).containsOnly(CallSample.UNKNOWN);
        }
    }

    @Test
    void readsProcessMemoryAtMostOncePerMillisecondButAlwaysFirstAndLast() throws Exception {
        Samples samples = runner.run(plan(0, 2_000, 1, null), () -> null);
        long read = samples.iterations().stream().filter(s -> s.rssBytes() != CallSample.UNKNOWN).count();
        boolean linux = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux");
        if (linux) {
            assertThat(samples.iterations().get(0).rssBytes()).isPositive();
            assertThat(samples.iterations().get(1_999).rssBytes()).isPositive();
            // 2 000 empty iterations take far less than 2 000 ms, so most are not read.
            assertThat(read).isBetween(2L, 1_999L);
        }
    }
}
