package dev.bitnet.perf;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * {@code @ThroughputAtLeast} states that a performance test must complete at least {@link #value()}
 * calls per second ({@code throughput_ops}: calls of an iteration, summed over its threads, over
 * its wall time), judged on {@link #statistic()}.
 *
 * @since 0.1
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(ThroughputAtLeast.List.class)
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public @interface ThroughputAtLeast {

    /**
     * The smallest acceptable throughput in calls (operations) per second.
     *
     * @return positive and finite
     */
    double value();

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
     * Container of repeated {@code @ThroughputAtLeast} annotations.
     *
     * @since 0.1
     */
    @Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    @interface List {
        ThroughputAtLeast[] value();
    }
}
