package dev.bitnet.perf.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.bitnet.perf.LatencyAtMost;
import dev.bitnet.perf.Measure;
import dev.bitnet.perf.Performance;
import dev.bitnet.perf.TokensPerSecondAtLeast;
import dev.bitnet.perf.record.PerfRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;

@DisplayName("@Performance with @ParameterizedTest")
class ParameterizedPerformanceTests {

    @TempDir
    Path records;

    @Test
    @DisplayName("gives each combination of a sweep its own samples, record and readable name")
    void sweepGivesEachCombinationItsOwnSamples() {
        EngineExecutionResults results = EngineRuns.run(records, SweepTestCase.class);

        results.testEvents().assertStatistics(s -> s.started(4).succeeded(4));
        // Jupiter 6 quotes CSV arguments in display names (batch="1"); 5.x does not.
        assertThat(results.testEvents().finished().stream().map(e -> unquoted(e.getTestDescriptor().getDisplayName())))
                .containsExactlyInAnyOrder("batch=1, seq=64", "batch=1, seq=256", "batch=4, seq=64", "batch=4, seq=256");
        List<PerfRecord> all = EngineRuns.records(records);
        assertThat(all).hasSize(4);
        assertThat(all).extracting(r -> unquoted(r.test().displayName()))
                .containsExactlyInAnyOrder("batch=1, seq=64", "batch=1, seq=256", "batch=4, seq=64", "batch=4, seq=256");
        assertThat(all).extracting(r -> r.test().id()).doesNotHaveDuplicates();
        // Each invocation recorded its own tokens: batch × seq per call, never another invocation's.
        for (PerfRecord record : all) {
            String[] parts = unquoted(record.test().displayName()).replace("batch=", "").replace(" seq=", "").split(",");
            long expectedTokens = Long.parseLong(parts[0].trim()) * Long.parseLong(parts[1].trim());
            assertThat(record.samples()).hasSize(3).allSatisfy(sample ->
                    assertThat(sample.calls()).allSatisfy(c -> assertThat(c.tokens()).isEqualTo(expectedTokens)));
            assertThat(record.metrics()).containsKey("tokens_per_second");
        }
    }

    @Test
    @DisplayName("gives each invocation its own verdict")
    void eachInvocationGetsItsOwnVerdict() {
        EngineExecutionResults results = EngineRuns.run(records, VerdictPerInvocationTestCase.class);

        results.testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        results.testEvents().assertThatEvents().haveExactly(1, event(test(), displayName("[2] 400000"),
                finishedWithFailure(instanceOf(AssertionError.class), message(m -> m.contains("latency_ms median")))));
    }

    @Test
    @DisplayName("repeats the whole method of each invocation with that invocation's arguments")
    void wholeMethodParameterized() {
        EngineRuns.run(records, WholeMethodSweepTestCase.class).testEvents()
                .assertStatistics(s -> s.started(2).succeeded(2));

        List<PerfRecord> all = EngineRuns.records(records);
        assertThat(all).extracting(r -> r.config().mode()).containsOnly("WHOLE_METHOD");
        assertThat(all.stream().map(r -> r.test().displayName()).collect(Collectors.toList()))
                .containsExactlyInAnyOrder("[1] 1000", "[2] 2000");
        assertThat(WholeMethodSweepTestCase.SIZES_SEEN).containsOnly(1000, 2000);
    }

    static String unquoted(String displayName) {
        return displayName.replace("\"", "");
    }

    static class SweepTestCase {
        @ParameterizedTest(name = "batch={0}, seq={1}")
        @CsvSource({"1, 64", "1, 256", "4, 64", "4, 256"})
        @Performance(warmup = 1, iterations = 3)
        @TokensPerSecondAtLeast(1)
        void decodes(int batch, int seq, Measure measure) {
            int[] values = Work.randomInts(batch * seq, seq);
            measure.run(() -> {
                Work.sortCopy(values);
                measure.tokens((long) batch * seq);
            });
        }
    }

    static class VerdictPerInvocationTestCase {
        @ParameterizedTest
        @ValueSource(ints = {100, 400_000})
        @Performance(warmup = 0, iterations = 3)
        @LatencyAtMost(value = 2, unit = java.util.concurrent.TimeUnit.MILLISECONDS)
        void sorts(int size, Measure measure) {
            int[] values = Work.randomInts(size, 1);
            measure.run(() -> Work.sortCopy(values));
        }
    }

    static class WholeMethodSweepTestCase {
        static final java.util.Set<Integer> SIZES_SEEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @ParameterizedTest
        @ValueSource(ints = {1000, 2000})
        @Performance(warmup = 0, iterations = 2)
        void sorts(int size) {
            SIZES_SEEN.add(size);
            Work.sortFresh(size);
        }
    }
}
