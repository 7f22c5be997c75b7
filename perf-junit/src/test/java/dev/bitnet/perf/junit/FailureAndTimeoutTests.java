package dev.bitnet.perf.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.suppressed;

import dev.bitnet.perf.LatencyAtMost;
import dev.bitnet.perf.Measure;
import dev.bitnet.perf.PerformanceTest;
import dev.bitnet.perf.record.PerfRecord;
import dev.bitnet.perf.sample.PerformanceTimeoutException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.TestAbortedException;

/** A test that throws is reported as that exception with the iteration; a timeout names the iteration reached. */
@DisplayName("failures and timeouts")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailureAndTimeoutTests {

    @TempDir
    static Path records;

    EngineExecutionResults results;
    Map<String, PerfRecord> byMethod;

    @BeforeAll
    void runFixtures() {
        results = EngineRuns.run(records, ThrowingTestCase.class);
        byMethod = PerformanceTestTests.byMethod(EngineRuns.records(records));
    }

    @Test
    @DisplayName("reports the test's own exception, with a note naming the measured iteration")
    void wholeMethodThrowsInMeasuredIteration() {
        results.testEvents().assertThatEvents().haveExactly(1, event(test("throwsInThirdMeasuredIteration"),
                finishedWithFailure(instanceOf(IllegalStateException.class), message("sorted array was not sorted"),
                        suppressed(0, message("throwsInThirdMeasuredIteration() threw java.lang.IllegalStateException"
                                + " in measured iteration 3 of 5")))));
        PerfRecord record = byMethod.get("throwsInThirdMeasuredIteration()");
        assertThat(record.verdict().outcome().name()).isEqualTo("ERRORED");
        assertThat(record.samples()).isEmpty();
        assertThat(record.error()).isNotNull();
        assertThat(record.error().type()).isEqualTo(IllegalStateException.class.getName());
        assertThat(record.error().phase()).isEqualTo("MEASUREMENT");
        assertThat(record.error().iteration()).isEqualTo(3);
    }

    @Test
    @DisplayName("reports an exception of a region in warm-up, checked exceptions included")
    void regionThrowsCheckedExceptionInWarmup() {
        results.testEvents().assertThatEvents().haveExactly(1, event(test("regionThrowsInWarmup"),
                finishedWithFailure(instanceOf(IOException.class), message("disk gone"),
                        suppressed(0, message("regionThrowsInWarmup(Measure) threw java.io.IOException in warm-up"
                                + " iteration 2 of 2")))));
        assertThat(byMethod.get("regionThrowsInWarmup(Measure)").error().phase()).isEqualTo("WARMUP");
    }

    @Test
    @DisplayName("names the caller when one of several threads throws")
    void concurrentCallerThrows() {
        results.testEvents().assertThatEvents().haveExactly(1, event(test("secondCallerThrows"),
                finishedWithFailure(instanceOf(ArithmeticException.class),
                        suppressed(0, message("secondCallerThrows(Measure) threw java.lang.ArithmeticException in"
                                + " measured iteration 1 of 2, caller 2 of 2")))));
    }

    @Test
    @DisplayName("lets an assumption inside the region abort the test")
    void assumptionAborts() {
        results.testEvents().assertThatEvents().haveExactly(1, event(test("assumptionFailsInRegion"),
                abortedWithReason(instanceOf(TestAbortedException.class))));
    }

    @Test
    @DisplayName("stops a whole-method test at its timeout and names the iteration reached")
    void wholeMethodTimeout() {
        results.testEvents().assertThatEvents().haveExactly(1, event(test("runsPastTimeout"),
                finishedWithFailure(instanceOf(PerformanceTimeoutException.class), message(m -> m.matches(
                        "runsPastTimeout\\(\\) timed out after 300 milliseconds in measured iteration \\d+ of 1000000")))));
        PerfRecord record = byMethod.get("runsPastTimeout()");
        assertThat(record.verdict().outcome().name()).isEqualTo("ERRORED");
        assertThat(record.error().iteration()).isPositive();
    }

    @Test
    @DisplayName("interrupts a region that reacts to interrupts and clears the flag for the next test")
    void interruptibleRegionTimeout() {
        results.testEvents().assertThatEvents().haveExactly(1, event(test("interruptibleRegion"),
                finishedWithFailure(instanceOf(PerformanceTimeoutException.class), message(m -> m.startsWith(
                        "interruptibleRegion(Measure) timed out after 200 milliseconds in ")),
                        suppressed(0, instanceOf(InterruptedException.class)))));
        results.testEvents().assertThatEvents().haveExactly(1, event(test("runsAfterTimeout"), finishedSuccessfully()));
        assertThat(ThrowingTestCase.INTERRUPTED_AFTER_TIMEOUT).as("interrupt flag leaked into the next test").isFalse();
    }

    @Test
    @DisplayName("does not record a verdict for a test whose own code fails outside the region")
    void failureOutsideRegion() {
        results.testEvents().assertThatEvents().haveExactly(1, event(test("failsAfterRegion"),
                finishedWithFailure(instanceOf(AssertionError.class), message("checked after measuring"))));
    }

    @Test
    @DisplayName("rejects tokens recorded outside the region")
    void tokensOutsideRegion() {
        results.testEvents().assertThatEvents().haveExactly(1, event(test("tokensBeforeRegion"),
                finishedWithFailure(instanceOf(IllegalStateException.class),
                        message("Measure.tokens(..) must be called inside the region passed to Measure.run(..)"))));
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ThrowingTestCase {
        static final AtomicInteger CALLS = new AtomicInteger();
        static volatile boolean INTERRUPTED_AFTER_TIMEOUT;

        @PerformanceTest(warmup = 2, iterations = 5)
        @Order(1)
        void throwsInThirdMeasuredIteration() {
            int call = CALLS.incrementAndGet();
            Work.sortFresh(500);
            if (call == 2 + 3) {
                throw new IllegalStateException("sorted array was not sorted");
            }
        }

        @PerformanceTest(warmup = 2, iterations = 5)
        @Order(2)
        void regionThrowsInWarmup(Measure measure) {
            AtomicInteger calls = new AtomicInteger();
            measure.run(() -> {
                if (calls.incrementAndGet() == 2) {
                    throw new IOException("disk gone");
                }
                Work.sortFresh(500);
            });
        }

        @PerformanceTest(warmup = 0, iterations = 2, threads = 2)
        @Order(3)
        void secondCallerThrows(Measure measure) {
            measure.run(() -> {
                int divisor = Thread.currentThread().getName().startsWith("perf-caller-") ? 0 : 1;
                Work.sortFresh(500 / divisor);
            });
        }

        @PerformanceTest(warmup = 0, iterations = 2)
        @Order(4)
        void assumptionFailsInRegion(Measure measure) {
            measure.run(() -> Assumptions.assumeTrue(Work.sortFresh(10) > Integer.MAX_VALUE - 1, "needs a GPU"));
        }

        @PerformanceTest(warmup = 0, iterations = 1_000_000, timeout = "300 ms")
        @LatencyAtMost(60_000)
        @Order(5)
        void runsPastTimeout() {
            Work.sortFresh(20_000);
        }

        @PerformanceTest(warmup = 0, iterations = 3, timeout = "200 ms")
        @Order(6)
        void interruptibleRegion(Measure measure) {
            measure.run(() -> {
                while (true) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException("asked to stop");
                    }
                    Work.sortFresh(2_000);
                }
            });
        }

        @PerformanceTest(warmup = 0, iterations = 2)
        @Order(7)
        void runsAfterTimeout() {
            INTERRUPTED_AFTER_TIMEOUT |= Thread.currentThread().isInterrupted();
            Work.sortFresh(500);
        }

        @PerformanceTest(warmup = 0, iterations = 2)
        @Order(9)
        void tokensBeforeRegion(Measure measure) {
            measure.tokens(1);
            measure.run(() -> Work.sortFresh(100));
        }

        @PerformanceTest(warmup = 0, iterations = 2)
        @Order(8)
        void failsAfterRegion(Measure measure) {
            measure.run(() -> Work.sortFresh(100));
            throw new AssertionError("checked after measuring");
        }
    }
}
