package dev.bitnet.perf.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;

import dev.bitnet.perf.Measure;
import dev.bitnet.perf.Performance;
import dev.bitnet.perf.PerformanceTest;
import dev.bitnet.perf.record.PerfRecord;
import dev.bitnet.perf.sample.Sample;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("@PerformanceTest")
class PerformanceTestTests {

    static final AtomicInteger METHOD_CALLS = new AtomicInteger();
    static final AtomicInteger REGION_CALLS = new AtomicInteger();
    static final AtomicInteger BEFORE_EACH_CALLS = new AtomicInteger();
    static final Set<String> CALLER_THREADS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @TempDir
    Path records;

    @BeforeEach
    void resetCounters() {
        METHOD_CALLS.set(0);
        REGION_CALLS.set(0);
        BEFORE_EACH_CALLS.set(0);
        CALLER_THREADS.clear();
    }

    @Test
    @DisplayName("times the whole method: warm-ups run but are never counted")
    void timesWholeMethodAndNeverCountsWarmups() {
        EngineRuns.run(records, WholeMethodTestCase.class).testEvents()
                .assertStatistics(s -> s.started(1).succeeded(1));

        assertThat(METHOD_CALLS).hasValue(3 + 7);
        assertThat(BEFORE_EACH_CALLS).as("lifecycle methods run once around all iterations").hasValue(1);
        PerfRecord record = EngineRuns.onlyRecord(records);
        assertThat(record.config().mode()).isEqualTo("WHOLE_METHOD");
        assertThat(record.config().warmup()).isEqualTo(3);
        assertThat(record.samples()).hasSize(7).extracting(Sample::iteration).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(record.metrics().get("latency_ms").summary().n()).isEqualTo(7);
        assertThat(record.metrics()).containsKeys("latency_ms", "throughput_ops", "allocated_bytes", "cpu_time_ms",
                "gc_time_ms", "gc_count", "heap_used_mb");
        assertThat(record.verdict().outcome().name()).isEqualTo("PASSED");
    }

    @Test
    @DisplayName("times only the region handed to Measure and runs the method once")
    void timesOnlyTheRegionAndRunsTheMethodOnce() {
        EngineRuns.run(records, RegionTestCase.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));

        assertThat(METHOD_CALLS).hasValue(1);
        assertThat(REGION_CALLS).hasValue(2 + 5);
        PerfRecord record = EngineRuns.onlyRecord(records);
        assertThat(record.config().mode()).isEqualTo("REGION");
        assertThat(record.samples()).hasSize(5);
        // The set-up sorts 200 000 ints once, untimed; the region sorts 2 000. The slowest region call
        // must stay well below the set-up's cost, measured in the same run by the fixture.
        double slowestRegionMs = record.metrics().get("latency_ms").summary().max();
        assertThat(slowestRegionMs).isLessThan(RegionTestCase.setUpMillis);
    }

    @Test
    @DisplayName("runs N concurrent callers per iteration and records per-call latency and aggregate throughput")
    void runsConcurrentCallers() {
        EngineRuns.run(records, ThreadsTestCase.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));

        PerfRecord record = EngineRuns.onlyRecord(records);
        assertThat(record.config().threads()).isEqualTo(3);
        assertThat(record.samples()).hasSize(4).allSatisfy(sample ->
                assertThat(sample.calls()).extracting(c -> c.caller()).containsExactly(0, 1, 2));
        assertThat(record.metrics().get("latency_ms").summary().n()).isEqualTo(4 * 3);
        assertThat(record.metrics().get("throughput_ops").summary().n()).isEqualTo(4);
        assertThat(CALLER_THREADS).as("caller 0 is the test thread, callers 1 and 2 are the runner's").hasSize(3);
        for (Sample sample : record.samples()) {
            long slowestCall = sample.calls().stream().mapToLong(c -> c.latencyNanos()).max().orElseThrow();
            assertThat(sample.wallNanos()).isGreaterThanOrEqualTo(slowestCall);
        }
    }

    @Test
    @DisplayName("takes defaults from the class and lets the method override single attributes")
    void classDefaultsAndMethodOverrides() {
        EngineRuns.run(records, ClassDefaultsTestCase.class).testEvents()
                .assertStatistics(s -> s.started(3).succeeded(3));

        Map<String, PerfRecord> byMethod = byMethod(EngineRuns.records(records));
        PerfRecord inherits = byMethod.get("inheritsEverything()");
        assertThat(inherits.config().warmup()).isEqualTo(1);
        assertThat(inherits.config().iterations()).isEqualTo(3);
        assertThat(inherits.config().sources()).containsEntry("iterations",
                "@PerformanceTest on class [" + ClassDefaultsTestCase.class.getName() + "]")
                .containsEntry("threads", "default");
        PerfRecord overrides = byMethod.get("overridesIterations()");
        assertThat(overrides.config().iterations()).isEqualTo(4);
        assertThat(overrides.config().warmup()).as("not overridden: class value").isEqualTo(1);
        assertThat(overrides.config().sources()).containsEntry("iterations",
                "@PerformanceTest on method [overridesIterations()]");
        assertThat(byMethod.get("plainTestBecomesPerformanceTest()").samples()).hasSize(3);
    }

    @Test
    @DisplayName("lets configuration parameters override class and method for the whole run")
    void configurationParametersOverrideAnnotations() {
        EngineRuns.run(records, Map.of("perf.iterations", "2", "perf.warmup", "0", "perf.threads", "2",
                "perf.timeout", "5 m"), ClassDefaultsTestCase.class).testEvents()
                .assertStatistics(s -> s.started(3).succeeded(3));

        assertThat(EngineRuns.records(records)).hasSize(3).allSatisfy(record -> {
            assertThat(record.config().iterations()).isEqualTo(2);
            assertThat(record.config().warmup()).isZero();
            assertThat(record.config().threads()).isEqualTo(2);
            assertThat(record.config().timeoutNanos()).isEqualTo(300_000_000_000L);
            assertThat(record.config().sources()).containsEntry("iterations", "configuration parameter 'perf.iterations'");
            assertThat(record.samples()).hasSize(2);
        });
    }

    @Test
    @DisplayName("ignores invalid configuration parameters and keeps the annotations' values")
    void ignoresInvalidConfigurationParameters() {
        EngineRuns.run(records, Map.of("perf.iterations", "0", "perf.timeout", "soon", "perf.enabled", "maybe"),
                ClassDefaultsTestCase.class).testEvents().assertStatistics(s -> s.started(3).succeeded(3));

        assertThat(byMethod(EngineRuns.records(records)).get("overridesIterations()").config().iterations())
                .isEqualTo(4);
    }

    @Test
    @DisplayName("reports every performance test as skipped with a reason when perf.enabled=false")
    void disabledByConfiguration() {
        var results = EngineRuns.run(records, Map.of("perf.enabled", "false"), ClassDefaultsTestCase.class,
                WholeMethodTestCase.class, MixedTestCase.class);

        results.testEvents().assertStatistics(s -> s.skipped(5).started(1).succeeded(1));
        results.testEvents().assertThatEvents().haveExactly(1, event(test("inheritsEverything"),
                skippedWithReason("Performance tests are turned off by the configuration parameter 'perf.enabled=false'.")));
        assertThat(METHOD_CALLS).hasValue(0);
        assertThat(EngineRuns.records(records)).isEmpty();
    }

    @Test
    @DisplayName("leaves ordinary tests of a class alone when only one method is a performance test")
    void leavesOrdinaryTestsAlone() {
        EngineRuns.run(records, MixedTestCase.class).testEvents().assertStatistics(s -> s.started(2).succeeded(2));

        assertThat(EngineRuns.records(records)).singleElement()
                .satisfies(r -> assertThat(r.test().methodName()).isEqualTo("performance()"));
    }

    @Test
    @DisplayName("works through composed annotations, on methods and on classes")
    void composedAnnotations() {
        EngineRuns.run(records, ComposedTestCase.class).testEvents().assertStatistics(s -> s.started(2).succeeded(2));

        Map<String, PerfRecord> byMethod = byMethod(EngineRuns.records(records));
        assertThat(byMethod.get("quick()").config().iterations()).isEqualTo(3);
        assertThat(byMethod.get("quick()").config().sources().get("iterations")).contains("@PerformanceTest on method");
        assertThat(byMethod.get("repeated()").samples()).hasSize(2);
    }

    @Test
    @DisplayName("applies class-level settings to @Nested classes and to each @RepeatedTest repetition")
    void nestedClassesAndRepetitions() {
        EngineRuns.run(records, OuterTestCase.class).testEvents().assertStatistics(s -> s.started(3).succeeded(3));

        List<PerfRecord> all = EngineRuns.records(records);
        assertThat(all).hasSize(3).allSatisfy(r -> assertThat(r.config().iterations()).isEqualTo(2));
        assertThat(all).extracting(r -> r.test().displayName()).contains("repetition 1 of 2", "repetition 2 of 2");
    }

    @Test
    @DisplayName("prints its report entries to standard output, where Surefire's XML keeps them")
    void printsReportEntries() {
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            EngineRuns.run(records, Map.of("perf.entries.stdout", "true"), MixedTestCase.class).testEvents()
                    .assertStatistics(s -> s.succeeded(2));
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(output.lines().filter(l -> l.startsWith("[perf-entries] performance(): perf.latency_ms.mean = ")))
                .singleElement().satisfies(line -> assertThat(line).contains(", perf.latency_ms.median = ",
                        ", perf.latency_ms.samples = 2", ", perf.latency_ms.unit = ms"));
        assertThat(output).contains("[perf-entries] performance(): perf.verdict = PASSED, perf.record = ");
    }

    static Map<String, PerfRecord> byMethod(List<PerfRecord> records) {
        Map<String, PerfRecord> map = new java.util.HashMap<>();
        records.forEach(r -> map.put(r.test().methodName(), r));
        return map;
    }

    // ---------------------------------------------------------------------------------------------
    // Fixtures

    static class WholeMethodTestCase {
        @BeforeEach
        void before() {
            BEFORE_EACH_CALLS.incrementAndGet();
        }

        @PerformanceTest(warmup = 3, iterations = 7)
        void sorts() {
            METHOD_CALLS.incrementAndGet();
            Work.sortFresh(2_000);
        }
    }

    static class RegionTestCase {
        static volatile double setUpMillis;

        @PerformanceTest(warmup = 2, iterations = 5)
        void sortsInRegion(Measure measure) {
            METHOD_CALLS.incrementAndGet();
            long start = System.nanoTime();
            int[] big = Work.randomInts(200_000, 7);
            Work.sortCopy(big);
            setUpMillis = (System.nanoTime() - start) / 1e6;
            int[] small = Work.randomInts(2_000, 8);
            measure.run(() -> {
                REGION_CALLS.incrementAndGet();
                Work.sortCopy(small);
            });
            assertThat(measure.iterations()).isEqualTo(5);
        }
    }

    static class ThreadsTestCase {
        @PerformanceTest(warmup = 1, iterations = 4, threads = 3)
        void sortsConcurrently(Measure measure) {
            int[] values = Work.randomInts(5_000, 1);
            measure.run(() -> {
                CALLER_THREADS.add(Thread.currentThread().getName());
                Work.sortCopy(values);
            });
        }
    }

    @PerformanceTest(warmup = 1, iterations = 3)
    static class ClassDefaultsTestCase {
        @PerformanceTest
        void inheritsEverything() {
            Work.sortFresh(1_000);
        }

        @PerformanceTest(iterations = 4)
        void overridesIterations() {
            Work.sortFresh(1_000);
        }

        @Test
        void plainTestBecomesPerformanceTest() {
            Work.sortFresh(1_000);
        }
    }

    static class MixedTestCase {
        @PerformanceTest(warmup = 0, iterations = 2)
        void performance() {
            METHOD_CALLS.incrementAndGet();
            Work.sortFresh(1_000);
        }

        @Test
        void ordinary() {
            assertThat(Work.sortFresh(10)).isLessThanOrEqualTo(Integer.MAX_VALUE);
        }
    }

    @Target({ElementType.METHOD, ElementType.TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @PerformanceTest(warmup = 0, iterations = 3)
    @interface QuickPerformanceTest {}

    @Target({ElementType.METHOD, ElementType.TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @Performance(warmup = 0, iterations = 2)
    @interface Measured {}

    static class ComposedTestCase {
        @QuickPerformanceTest
        void quick() {
            Work.sortFresh(1_000);
        }

        @Measured
        @RepeatedTest(1)
        void repeated() {
            Work.sortFresh(1_000);
        }
    }

    @Performance(warmup = 0, iterations = 2)
    static class OuterTestCase {
        @Test
        void outer() {
            Work.sortFresh(500);
        }

        @RepeatedTest(2)
        void repeated(Measure measure) {
            int[] values = Work.randomInts(500, 3);
            measure.run(() -> Work.sortCopy(values));
        }

        @AfterEach
        void noop() {
            HashSet<Integer> unused = new HashSet<>();
            unused.add(1);
        }
    }
}
