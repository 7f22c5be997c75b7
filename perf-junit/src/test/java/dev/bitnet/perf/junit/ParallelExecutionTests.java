package dev.bitnet.perf.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitnet.perf.Measure;
import dev.bitnet.perf.Performance;
import dev.bitnet.perf.PerformanceTest;
import dev.bitnet.perf.record.PerfRecord;
import dev.bitnet.perf.sample.CallSample;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs many performance tests at once under Jupiter's parallel execution. Each fixture records a
 * token count that only it uses, so a sample that strayed into another test's record would show.
 */
@DisplayName("parallel execution")
class ParallelExecutionTests {

    static final AtomicInteger IN_FLIGHT = new AtomicInteger();
    static final AtomicInteger MAX_IN_FLIGHT = new AtomicInteger();

    @TempDir
    Path records;

    @Test
    @DisplayName("keeps every test's samples, verdict and record apart")
    void keepsSamplesApart() {
        MAX_IN_FLIGHT.set(0);
        Map<String, String> parallel = Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "4");

        EngineRuns.run(records, parallel, FirstTestCase.class, SecondTestCase.class).testEvents()
                .assertStatistics(s -> s.started(4 + 4 + 4).succeeded(12));

        List<PerfRecord> all = EngineRuns.records(records);
        assertThat(all).hasSize(12);
        assertThat(all).extracting(r -> r.test().id()).doesNotHaveDuplicates();
        for (PerfRecord record : all) {
            long expected = expectedTokens(record);
            assertThat(record.samples()).as(record.test().displayName()).hasSize(record.config().iterations())
                    .allSatisfy(sample -> assertThat(sample.calls()).hasSize(record.config().threads())
                            .extracting(CallSample::tokens).containsOnly(expected));
            assertThat(record.verdict().outcome().name()).isEqualTo("PASSED");
        }
        // With four workers and twelve tests of tens of milliseconds each, at least two overlap even
        // on a loaded two-core machine; the assertion only shows that the run was really parallel.
        assertThat(MAX_IN_FLIGHT.get()).isGreaterThanOrEqualTo(2);
    }

    private static long expectedTokens(PerfRecord record) {
        String method = record.test().methodName();
        if (method.startsWith("sweep")) {
            return Long.parseLong(record.test().displayName().replaceAll("\\D", "").substring(1));
        }
        return Long.parseLong(method.replaceAll("\\D", ""));
    }

    static void measureWithTokens(Measure measure, long tokens) {
        int now = IN_FLIGHT.incrementAndGet();
        MAX_IN_FLIGHT.accumulateAndGet(now, Math::max);
        try {
            int[] values = Work.randomInts(5_000, tokens);
            measure.run(() -> {
                Work.sortCopy(values);
                measure.tokens(tokens);
            });
        } finally {
            IN_FLIGHT.decrementAndGet();
        }
    }

    @Performance(warmup = 1, iterations = 6)
    static class FirstTestCase {
        @Test void tokens101(Measure m) { measureWithTokens(m, 101); }
        @Test void tokens102(Measure m) { measureWithTokens(m, 102); }
        @PerformanceTest(threads = 2) void tokens103(Measure m) { measureWithTokens(m, 103); }
        @Test void tokens104(Measure m) { measureWithTokens(m, 104); }
    }

    static class SecondTestCase {
        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(ints = {201, 202, 203, 204})
        @Performance(warmup = 1, iterations = 5)
        void sweep(int tokens, Measure m) {
            measureWithTokens(m, tokens);
        }

        @PerformanceTest(warmup = 1, iterations = 4) void tokens301(Measure m) { measureWithTokens(m, 301); }
        @PerformanceTest(warmup = 1, iterations = 4) void tokens302(Measure m) { measureWithTokens(m, 302); }
        @PerformanceTest(warmup = 1, iterations = 4, threads = 3) void tokens303(Measure m) { measureWithTokens(m, 303); }
        @PerformanceTest(warmup = 1, iterations = 4) void tokens304(Measure m) { measureWithTokens(m, 304); }
    }
}
