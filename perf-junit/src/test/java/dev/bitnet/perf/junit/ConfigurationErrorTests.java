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
import dev.bitnet.perf.Performance;
import dev.bitnet.perf.PerformanceTest;
import dev.bitnet.perf.Statistic;
import dev.bitnet.perf.ThroughputAtLeast;
import dev.bitnet.perf.TokensPerSecondAtLeast;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * One failing fixture per validation rule (zero, negative, at the bound, beyond it), each checked
 * for its exact message and for failing before any measured code runs.
 */
@DisplayName("configuration errors")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigurationErrorTests {

    static final AtomicInteger BODY_RUNS = new AtomicInteger();

    @TempDir
    static Path records;

    EngineExecutionResults results;

    @BeforeAll
    void runFixtures() {
        results = EngineRuns.run(records, BadInputTestCase.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
        warmupNegative     => Configuration error: @PerformanceTest on method [warmupNegative()] must declare 'warmup' of zero or more but was [-1].
        iterationsZero     => Configuration error: @PerformanceTest on method [iterationsZero()] must declare 'iterations' of one or more but was [0].
        iterationsNegative => Configuration error: @PerformanceTest on method [iterationsNegative()] must declare 'iterations' of one or more but was [-3].
        threadsZero        => Configuration error: @PerformanceTest on method [threadsZero()] must declare 'threads' of one or more but was [0].
        timeoutMalformed   => Configuration error: @PerformanceTest on method [timeoutMalformed()] must declare a positive 'timeout' in the format <number> [ns|μs|us|ms|s|m|h|d] but was [soon].
        timeoutZero        => Configuration error: @PerformanceTest on method [timeoutZero()] must declare a positive 'timeout' in the format <number> [ns|μs|us|ms|s|m|h|d] but was [0 s].
        timeoutNegative    => Configuration error: @PerformanceTest on method [timeoutNegative()] must declare a positive 'timeout' in the format <number> [ns|μs|us|ms|s|m|h|d] but was [-5 ms].
        timeoutBadUnit     => Configuration error: @Performance on method [timeoutBadUnit()] must declare a positive 'timeout' in the format <number> [ns|μs|us|ms|s|m|h|d] but was [5 parsecs].
        latencyZero        => Configuration error: @LatencyAtMost on method [latencyZero()] must declare a positive, finite 'value' but was [0.0].
        latencyNegative    => Configuration error: @LatencyAtMost on method [latencyNegative()] must declare a positive, finite 'value' but was [-1.0].
        latencyNaN         => Configuration error: @LatencyAtMost on method [latencyNaN()] must declare a positive, finite 'value' but was [NaN].
        tokensInfinite     => Configuration error: @TokensPerSecondAtLeast on method [tokensInfinite()] must declare a positive, finite 'value' but was [Infinity].
        throughputZero     => Configuration error: @ThroughputAtLeast on method [throughputZero()] must declare a positive, finite 'value' but was [0.0].
        memoryNegative     => Configuration error: @MemoryAtMost on method [memoryNegative()] must declare a positive, finite 'value' but was [-64.0].
        allocationNaN      => Configuration error: @AllocationAtMost on method [allocationNaN()] must declare a positive, finite 'value' but was [NaN].
        percentileZero     => Configuration error: @LatencyAtMost on method [percentileZero()] must declare a 'percentile' greater than 0 and at most 100 when 'statistic' is PERCENTILE but was [0.0].
        percentileNegative => Configuration error: @LatencyAtMost on method [percentileNegative()] must declare a 'percentile' greater than 0 and at most 100 when 'statistic' is PERCENTILE but was [-1.0].
        percentileAbove    => Configuration error: @ThroughputAtLeast on method [percentileAbove()] must declare a 'percentile' greater than 0 and at most 100 when 'statistic' is PERCENTILE but was [100.5].
        percentileUnused   => Configuration error: @LatencyAtMost on method [percentileUnused()] must declare 'statistic' PERCENTILE to use 'percentile' [99.0] but declared [MEDIAN].
        bothAnnotations    => Configuration error: method [bothAnnotations()] must declare either @PerformanceTest or @Performance, not both.
        """)
    @DisplayName("fails fast with a message naming test, annotation and attribute")
    void failsFastWithMessage(String method, String expectedMessage) {
        results.testEvents().assertThatEvents().haveExactly(1, event(test(method),
                finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message(expectedMessage))));
    }

    @Test
    @DisplayName("never runs the body of a misconfigured test")
    void neverRunsMisconfiguredBodies() {
        // Only the valid boundary fixtures and the region fixtures (whose body must run to find
        // out) reach their bodies: warmupZero (1 iteration), iterationsOne (1), percentileHundred (2),
        // measureNeverRun (1) and measureRunTwice (1).
        assertThat(BODY_RUNS).hasValue(6);
    }

    @Test
    @DisplayName("accepts the values on the bounds: warm-up 0, one iteration, percentile 100")
    void acceptsBoundaryValues() {
        for (String method : new String[] {"warmupZero", "iterationsOne", "percentileHundred"}) {
            results.testEvents().assertThatEvents().haveExactly(1, event(test(method), finishedSuccessfully()));
        }
    }

    @Test
    @DisplayName("reports a Measure parameter that is never run")
    void unusedRegion() {
        results.testEvents().assertThatEvents().haveExactly(1, event(test("measureNeverRun"),
                finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message(
                        "Configuration error: performance test [measureNeverRun(Measure)] declares a Measure parameter"
                                + " but never called Measure.run(..); pass the code to time to Measure.run(..) or"
                                + " remove the parameter."))));
    }

    @Test
    @DisplayName("reports a Measure that is run twice")
    void regionRunTwice() {
        results.testEvents().assertThatEvents().haveExactly(1, event(test("measureRunTwice"),
                finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message(
                        "Configuration error: performance test [measureRunTwice(Measure)] called Measure.run(..) a"
                                + " second time; time one region per test, or split the test."))));
    }

    @Test
    @DisplayName("reports a misconfigured class-level annotation on every test of the class")
    void classLevelErrors() {
        EngineRuns.run(records, BadClassTestCase.class).testEvents().assertThatEvents().haveExactly(1,
                event(test("sorts"), finishedWithFailure(instanceOf(ExtensionConfigurationException.class),
                        message("Configuration error: @Performance on class [" + BadClassTestCase.class.getName()
                                + "] must declare 'threads' of one or more but was [-2]."))));
    }

    static class BadInputTestCase {
        static void body() {
            BODY_RUNS.incrementAndGet();
            Work.sortFresh(100);
        }

        @PerformanceTest(warmup = -1) void warmupNegative() { body(); }
        @PerformanceTest(warmup = 0, iterations = 1) void warmupZero() { body(); }
        @PerformanceTest(iterations = 0) void iterationsZero() { body(); }
        @PerformanceTest(iterations = -3) void iterationsNegative() { body(); }
        @PerformanceTest(iterations = 1, warmup = 0) void iterationsOne() { body(); }
        @PerformanceTest(threads = 0) void threadsZero() { body(); }
        @PerformanceTest(timeout = "soon") void timeoutMalformed() { body(); }
        @PerformanceTest(timeout = "0 s") void timeoutZero() { body(); }
        @PerformanceTest(timeout = "-5 ms") void timeoutNegative() { body(); }
        @Test @Performance(timeout = "5 parsecs") void timeoutBadUnit() { body(); }
        @PerformanceTest @LatencyAtMost(0) void latencyZero() { body(); }
        @PerformanceTest @LatencyAtMost(-1) void latencyNegative() { body(); }
        @PerformanceTest @LatencyAtMost(Double.NaN) void latencyNaN() { body(); }
        @PerformanceTest @TokensPerSecondAtLeast(Double.POSITIVE_INFINITY) void tokensInfinite() { body(); }
        @PerformanceTest @ThroughputAtLeast(0) void throughputZero() { body(); }
        @PerformanceTest @MemoryAtMost(-64) void memoryNegative() { body(); }
        @PerformanceTest @AllocationAtMost(Double.NaN) void allocationNaN() { body(); }

        @PerformanceTest
        @LatencyAtMost(value = 5, statistic = Statistic.PERCENTILE)
        void percentileZero() { body(); }

        @PerformanceTest
        @LatencyAtMost(value = 5, statistic = Statistic.PERCENTILE, percentile = -1)
        void percentileNegative() { body(); }

        @PerformanceTest
        @ThroughputAtLeast(value = 5, statistic = Statistic.PERCENTILE, percentile = 100.5)
        void percentileAbove() { body(); }

        @PerformanceTest(warmup = 0, iterations = 2)
        @LatencyAtMost(value = 60_000, statistic = Statistic.PERCENTILE, percentile = 100)
        void percentileHundred() { body(); }

        @PerformanceTest
        @LatencyAtMost(value = 5, percentile = 99)
        void percentileUnused() { body(); }

        @PerformanceTest
        @Performance
        void bothAnnotations() { body(); }

        @PerformanceTest
        void measureNeverRun(Measure measure) {
            body();
        }

        @PerformanceTest(warmup = 0, iterations = 1)
        void measureRunTwice(Measure measure) {
            body();
            measure.run(() -> Work.sortFresh(10));
            measure.run(() -> Work.sortFresh(10));
        }
    }

    @Performance(threads = -2)
    static class BadClassTestCase {
        @Test
        void sorts() {
            Work.sortFresh(100);
        }
    }
}
