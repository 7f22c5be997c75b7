package dev.bitnet.perf.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.bitnet.perf.AllocationAtMost;
import dev.bitnet.perf.LatencyAtMost;
import dev.bitnet.perf.Measure;
import dev.bitnet.perf.MemoryAtMost;
import dev.bitnet.perf.PerformanceTest;
import dev.bitnet.perf.Statistic;
import dev.bitnet.perf.ThroughputAtLeast;
import dev.bitnet.perf.TokensPerSecondAtLeast;
import dev.bitnet.perf.record.PerfRecord;
import dev.bitnet.perf.verdict.Finding;
import dev.bitnet.perf.verdict.Status;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

/**
 * Every threshold annotation, passing and failing, with the failure message's parts: metric,
 * statistic, measured value with interval, required value and where it came from.
 */
@DisplayName("threshold annotations")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThresholdAnnotationTests {

    @TempDir
    static Path records;

    EngineExecutionResults results;
    Map<String, PerfRecord> byMethod;

    @BeforeAll
    void runFixtures() {
        results = EngineRuns.run(records, ThresholdsTestCase.class);
        byMethod = PerformanceTestTests.byMethod(EngineRuns.records(records));
    }

    @Test
    @DisplayName("pass when generous and record a PASSED finding per threshold")
    void generousThresholdsPass() {
        for (String method : List.of("allGenerous", "composedThresholds")) {
            results.testEvents().assertThatEvents().haveExactly(1, event(test(method), finishedSuccessfully()));
        }
        PerfRecord record = byMethod.get("allGenerous(Measure)");
        // Threshold findings all pass; other checks may add information (e.g. "no baseline yet").
        assertThat(record.verdict().findings()).extracting(Finding::status).contains(Status.PASSED)
                .doesNotContain(Status.FAILED, Status.WARNING);
        assertThat(record.thresholds()).extracting(t -> t.metric() + " " + t.statistic()).containsExactlyInAnyOrder(
                "latency_ms median", "latency_ms p99", "tokens_per_second mean", "throughput_ops median",
                "memory_usage_mb max", "heap_used_mb max", "allocated_bytes median");
    }

    @Test
    @DisplayName("@LatencyAtMost fails naming metric, statistic, measured value with interval and the stated value")
    void latencyFailure() {
        assertFailure("latencyTooSlow", m -> m.startsWith("latencyTooSlow(): latency_ms p90 = ")
                // 12 values cannot bound a 90th percentile from above at 95%, so no interval is shown
                && m.contains(" ms (n = 12) but must be at most 0.001 ms; required value: 0.001 ms stated in"
                        + " @LatencyAtMost on method [latencyTooSlow()] as 1 μs"));
    }

    @Test
    @DisplayName("@TokensPerSecondAtLeast fails below the rate and explains a test that records no tokens")
    void tokensFailures() {
        assertFailure("tokensTooFew", m -> m.contains("tokens_per_second median = ")
                && m.contains("but must be at least 1000000000000000 tokens/s; required value: 1000000000000000"
                        + " tokens/s stated in @TokensPerSecondAtLeast on method [tokensTooFew(Measure)]"));
        // the verdict's sentence comes first; the diagnosis (perf-report) follows on the next lines
        assertFailure("tokensNeverRecorded", m -> m.startsWith("tokensNeverRecorded(Measure): tokens_per_second median ≥ 1"
                + " tokens/s cannot be judged: the test recorded no tokens; call Measure.tokens(n) inside the region"
                + " or pass a token count function to Measure.run(producer, tokensOf)." + System.lineSeparator() + "Diagnosis: "));
    }

    @Test
    @DisplayName("@ThroughputAtLeast, @AllocationAtMost and @MemoryAtMost fail with their metric and unit")
    void otherFailures() {
        assertFailure("throughputTooLow", m -> m.contains("throughput_ops mean = ")
                && m.contains("but must be at least 1000000000000 ops/s"));
        assertFailure("allocatesTooMuch", m -> m.contains("allocated_bytes median = 1048592 B")
                && m.contains("but must be at most 1024 B; required value: 1024 B stated in @AllocationAtMost on method"
                        + " [allocatesTooMuch(Measure)]"));
        assertFailure("heapTooSmall", m -> m.contains("heap_used_mb max = ")
                && m.contains("but must be at most 0.001 MiB"));
    }

    @Test
    @DisplayName("lists every failed threshold when several repeatable ones fail")
    void repeatableFailuresAreAllListed() {
        assertFailure("twoLatencyBoundsFail", m -> m.startsWith("twoLatencyBoundsFail() failed 2 performance checks:")
                && m.contains("latency_ms median = ") && m.contains("latency_ms max = "));
        assertThat(byMethod.get("twoLatencyBoundsFail()").verdict().failures()).hasSize(2);
    }

    @Test
    @DisplayName("counts tokens from a producer's result, outside the timing")
    void tokensFromProducerResult() {
        PerfRecord record = byMethod.get("allGenerous(Measure)");
        assertThat(record.samples()).allSatisfy(s ->
                assertThat(s.calls()).allSatisfy(c -> assertThat(c.tokens()).isEqualTo(64)));
    }

    @Test
    @DisplayName("publishes the key figures as report entries")
    void publishesReportEntries() {
        List<Map<String, String>> entries = results.allEvents().reportingEntryPublished().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().equals("allGenerous(Measure)"))
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs())
                .collect(java.util.stream.Collectors.toList());
        Map<String, String> latency = entries.stream().filter(e -> e.containsKey("perf.latency_ms.mean"))
                .findFirst().orElseThrow();
        assertThat(latency).containsKeys("perf.latency_ms.mean", "perf.latency_ms.median", "perf.latency_ms.p95",
                "perf.latency_ms.ci.low", "perf.latency_ms.ci.high")
                .containsEntry("perf.latency_ms.ci.level", "0.95")
                .containsEntry("perf.latency_ms.samples", "12")
                .containsEntry("perf.latency_ms.unit", "ms")
                .containsEntry("perf.latency_ms.verdict", "PASSED");
        assertThat(Double.parseDouble(latency.get("perf.latency_ms.mean")))
                .isCloseTo(byMethod.get("allGenerous(Measure)").metrics().get("latency_ms").summary().mean(),
                        org.assertj.core.data.Percentage.withPercentage(0.001));
        assertThat(entries).anySatisfy(e -> assertThat(e).containsEntry("perf.verdict", "PASSED")
                .containsKey("perf.record"));
    }

    private void assertFailure(String method, Predicate<String> expected) {
        results.testEvents().assertThatEvents().haveExactly(1, event(test(method),
                finishedWithFailure(instanceOf(AssertionFailedError.class), message(expected))));
    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @PerformanceTest(warmup = 1, iterations = 4)
    @LatencyAtMost(60_000)
    @ThroughputAtLeast(0.001)
    @interface GenerousPerformanceTest {}

    static class ThresholdsTestCase {
        static volatile Object sink;

        @PerformanceTest(warmup = 2, iterations = 12)
        @LatencyAtMost(value = 60, unit = TimeUnit.SECONDS)
        @LatencyAtMost(value = 60_000, statistic = Statistic.PERCENTILE, percentile = 99)
        @TokensPerSecondAtLeast(value = 1, statistic = Statistic.MEAN)
        @ThroughputAtLeast(0.01)
        @MemoryAtMost(1_000_000)
        @MemoryAtMost(value = 1_000_000, kind = MemoryAtMost.Kind.HEAP_USED)
        @AllocationAtMost(1_000_000)
        void allGenerous(Measure measure) {
            int[] values = Work.randomInts(4_000, 2);
            measure.run(() -> {
                Work.sortCopy(values);
                return new int[64];
            }, tokens -> tokens.length);
        }

        @GenerousPerformanceTest
        void composedThresholds() {
            Work.sortFresh(1_000);
        }

        @PerformanceTest(warmup = 1, iterations = 12)
        @LatencyAtMost(value = 1, unit = TimeUnit.MICROSECONDS, statistic = Statistic.PERCENTILE, percentile = 90)
        void latencyTooSlow() {
            Work.sortFresh(20_000);
        }

        @PerformanceTest(warmup = 1, iterations = 3)
        @TokensPerSecondAtLeast(1e15)
        void tokensTooFew(Measure measure) {
            int[] values = Work.randomInts(4_000, 2);
            measure.run(() -> {
                Work.sortCopy(values);
                measure.tokens(1);
            });
        }

        @PerformanceTest(warmup = 0, iterations = 3)
        @TokensPerSecondAtLeast(1)
        void tokensNeverRecorded(Measure measure) {
            int[] values = Work.randomInts(4_000, 2);
            measure.run(() -> Work.sortCopy(values));
        }

        @PerformanceTest(warmup = 0, iterations = 3)
        @ThroughputAtLeast(value = 1e12, statistic = Statistic.MEAN)
        void throughputTooLow() {
            Work.sortFresh(4_000);
        }

        @PerformanceTest(warmup = 1, iterations = 8)
        @AllocationAtMost(1024)
        void allocatesTooMuch(Measure measure) {
            measure.run(() -> sink = new byte[1 << 20]);
        }

        @PerformanceTest(warmup = 0, iterations = 2)
        @MemoryAtMost(value = 0.001, kind = MemoryAtMost.Kind.HEAP_USED)
        void heapTooSmall() {
            Work.sortFresh(1_000);
        }

        @PerformanceTest(warmup = 0, iterations = 3)
        @LatencyAtMost(value = 1, unit = TimeUnit.NANOSECONDS)
        @LatencyAtMost(value = 1, unit = TimeUnit.NANOSECONDS, statistic = Statistic.MAX)
        void twoLatencyBoundsFail() {
            Work.sortFresh(4_000);
        }
    }
}
