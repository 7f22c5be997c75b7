package dev.bitnet.perf;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import dev.bitnet.perf.sample.Metric;
import org.apiguardian.api.API;

/**
 * {@code @MemoryAtMost} states that the memory of the process measured after each iteration must
 * stay at or below {@link #value()} mebibytes, judged on {@link #statistic()}. {@link #kind()}
 * selects resident set size ({@code memory_usage_mb}, the default), peak resident set size
 * ({@code peak_rss_mb}) or heap in use ({@code heap_used_mb}). Resident set sizes come from Linux
 * {@code /proc/self/status}; elsewhere they are unknown and the check is reported as skipped with a
 * warning, never as passed.
 *
 * @since 0.1
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(MemoryAtMost.List.class)
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public @interface MemoryAtMost {

    /**
     * The largest acceptable size in mebibytes (2^20 bytes).
     *
     * @return positive and finite
     */
    double value();

    /**
     * Which memory to constrain.
     *
     * @return defaults to {@link Kind#RSS}
     */
    Kind kind() default Kind.RSS;

    /**
     * The statistic of the measured values that must meet {@link #value()}.
     *
     * @return defaults to {@link Statistic#MAX}
     */
    Statistic statistic() default Statistic.MAX;

    /**
     * The percentile when {@link #statistic()} is {@link Statistic#PERCENTILE}, e.g. {@code 99}.
     *
     * @return in (0, 100] with {@code PERCENTILE}; must stay 0 (the default) otherwise
     */
    double percentile() default 0;

    /**
     * The memories {@code @MemoryAtMost} can constrain.
     *
     * @since 0.1
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    enum Kind {
        /** Resident set size after each iteration: {@code memory_usage_mb}. */
        RSS(Metric.MEMORY_USAGE_MB),
        /** Peak resident set size of the process: {@code peak_rss_mb}. */
        PEAK_RSS(Metric.PEAK_RSS_MB),
        /** Java heap in use after each iteration: {@code heap_used_mb}. */
        HEAP_USED(Metric.HEAP_USED_MB);

        private final Metric metric;

        Kind(Metric metric) {
            this.metric = metric;
        }

        /** The metric this kind constrains. */
        public Metric metric() {
            return metric;
        }
    }

    /**
     * Container of repeated {@code @MemoryAtMost} annotations.
     *
     * @since 0.1
     */
    @Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    @interface List {
        MemoryAtMost[] value();
    }
}
