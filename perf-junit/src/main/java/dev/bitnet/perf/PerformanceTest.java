package dev.bitnet.perf;

import dev.bitnet.perf.junit.PerformanceExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code @PerformanceTest} is used to signal that the annotated method is a performance test: a
 * {@link Test @Test} whose body (or whose {@link Measure} region) is run {@link #warmup()} times
 * untimed and {@link #iterations()} times measured, by {@link #threads()} concurrent callers,
 * within {@link #timeout()}. Threshold annotations such as {@link LatencyAtMost} state what the
 * measurements must meet; every run writes a JSON record under {@code target/perf-junit/records/}
 * and publishes its key figures as report entries.
 *
 * <p>No {@code @ExtendWith} is needed. On a class (or on an enclosing class of a {@code @Nested}
 * one) it gives the defaults for every performance test inside it, and makes every test method of
 * the class a performance test. On a method, each attribute that is set overrides the class-level
 * value. JUnit configuration parameters ({@code junit-platform.properties} or {@code -D}) override
 * both for a whole run: {@value #WARMUP_KEY}, {@value #ITERATIONS_KEY}, {@value #THREADS_KEY},
 * {@value #TIMEOUT_KEY}, and {@value #ENABLED_KEY}{@code =false} reports every performance test as
 * skipped.
 *
 * <p>{@code @PerformanceTest} carries {@code @Test}, so it cannot be combined with
 * {@code @ParameterizedTest}, {@code @RepeatedTest} or other test templates; use
 * {@link Performance @Performance} there, which takes the same attributes. Both can be used as
 * meta-annotations to build composed annotations.
 *
 * @see Performance
 * @see Measure
 * @since 0.1
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(PerformanceExtension.class)
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public @interface PerformanceTest {

    /** Marks an attribute as not set here, so that the enclosing level's value or the default applies. */
    int UNSET = Integer.MIN_VALUE;

    /** Warm-up iterations when nothing else says: {@value}. */
    int DEFAULT_WARMUP = 2;

    /** Measured iterations when nothing else says: {@value}. */
    int DEFAULT_ITERATIONS = 10;

    /** Concurrent callers when nothing else says: {@value}. */
    int DEFAULT_THREADS = 1;

    /** Configuration parameter that turns all performance tests off when {@code false}. */
    String ENABLED_KEY = "perf.enabled";

    /** Configuration parameter that overrides {@link #warmup()} for the whole run. */
    String WARMUP_KEY = "perf.warmup";

    /** Configuration parameter that overrides {@link #iterations()} for the whole run. */
    String ITERATIONS_KEY = "perf.iterations";

    /** Configuration parameter that overrides {@link #threads()} for the whole run. */
    String THREADS_KEY = "perf.threads";

    /** Configuration parameter that overrides {@link #timeout()} for the whole run. */
    String TIMEOUT_KEY = "perf.timeout";

    /** Configuration parameter naming the directory of the JSON records; default {@value #DEFAULT_RECORDS_DIR}. */
    String RECORDS_DIR_KEY = "perf.records.dir";

    /**
     * Configuration parameter: {@code true} (the default) also prints each report entry to standard
     * output as {@code key = value} lines, because Maven Surefire (up to 3.5 at least) drops report
     * entries but keeps a test's output in its XML report ({@code <system-out>}); {@code false}
     * publishes report entries only.
     */
    String PRINT_ENTRIES_KEY = "perf.entries.stdout";

    /** Where JSON records go unless {@value #RECORDS_DIR_KEY} says otherwise (relative to the working directory). */
    String DEFAULT_RECORDS_DIR = "target/perf-junit/records";

    /**
     * Warm-up iterations: run, never counted.
     *
     * @return zero or more; defaults to the class-level value, else {@value #DEFAULT_WARMUP}
     */
    int warmup() default UNSET;

    /**
     * Measured iterations; each gives one sample.
     *
     * @return one or more; defaults to the class-level value, else {@value #DEFAULT_ITERATIONS}
     */
    int iterations() default UNSET;

    /**
     * Concurrent callers per iteration. Latency is then recorded per call and throughput in
     * aggregate.
     *
     * @return one or more; defaults to the class-level value, else {@value #DEFAULT_THREADS}
     */
    int threads() default UNSET;

    /**
     * Limit for the whole performance test (warm-up and measurement), in the format
     * {@code <number> [ns|μs|us|ms|s|m|h|d]} (seconds when no unit is given), e.g. {@code "2 s"}.
     * When it passes, the calling threads are interrupted and the test fails naming the iteration
     * it reached.
     *
     * @return a positive duration, or empty for the class-level value, else no limit
     */
    String timeout() default "";
}
