package dev.bitnet.perf;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;

/**
 * {@code @LatencyAtMost} states that a performance test's per-call wall latency ({@code latency_ms})
 * must not exceed {@link #value()} {@link #unit()}, judged on {@link #statistic()}. Repeatable, e.g.
 * median at most 5 ms and p99 at most 20 ms. On a class it applies to every performance test in it.
 *
 * <pre>{@code
 * @LatencyAtMost(5)                                                    // median ≤ 5 ms
 * @LatencyAtMost(value = 20, statistic = Statistic.PERCENTILE, percentile = 99)
 * }</pre>
 *
 * @since 0.1
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(LatencyAtMost.List.class)
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public @interface LatencyAtMost {

    /**
     * The largest acceptable latency.
     *
     * @return positive and finite
     */
    double value();

    /**
     * The unit of {@link #value()}.
     *
     * @return defaults to {@link TimeUnit#MILLISECONDS}
     */
    TimeUnit unit() default TimeUnit.MILLISECONDS;

    /**
     * The statistic of the measured values that must meet {@link #value()}.
     *
     * @return defaults to {@link Statistic#MEDIAN}
     */
    Statistic statistic() default Statistic.MEDIAN;

    /**
     * The percentile when {@link #statistic()} is {@link Statistic#PERCENTILE}, e.g. {@code 99}.
     *
     * @return in (0, 100] with {@code PERCENTILE}; must stay 0 (the default) otherwise
     */
    double percentile() default 0;

    /**
     * Container of repeated {@code @LatencyAtMost} annotations.
     *
     * @since 0.1
     */
    @Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    @interface List {
        LatencyAtMost[] value();
    }
}
