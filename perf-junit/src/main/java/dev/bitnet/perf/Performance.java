package dev.bitnet.perf;

import dev.bitnet.perf.junit.PerformanceExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code @Performance} makes an existing test, typically a {@code @ParameterizedTest} or
 * {@code @RepeatedTest}, a performance test: each invocation gets its own warm-up, samples,
 * summary, verdict and record. It takes the same attributes, defaults and configuration parameters
 * as {@link PerformanceTest @PerformanceTest}, which is {@code @Test} plus this.
 *
 * <pre>{@code
 * @ParameterizedTest(name = "batch={0}, seq={1}")
 * @CsvSource({"1, 16", "4, 16", "4, 64"})
 * @Performance(warmup = 1, iterations = 5)
 * @LatencyAtMost(value = 50, statistic = Statistic.MEDIAN)
 * void decodes(int batch, int seq, Measure measure) { ... }
 * }</pre>
 *
 * <p>On a class it gives defaults and makes every test method of the class a performance test.
 *
 * @see PerformanceTest
 * @since 0.1
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(PerformanceExtension.class)
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public @interface Performance {

    /** See {@link PerformanceTest#warmup()}. */
    int warmup() default PerformanceTest.UNSET;

    /** See {@link PerformanceTest#iterations()}. */
    int iterations() default PerformanceTest.UNSET;

    /** See {@link PerformanceTest#threads()}. */
    int threads() default PerformanceTest.UNSET;

    /** See {@link PerformanceTest#timeout()}. */
    String timeout() default "";
}
