package dev.bitnet.perf;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * {@code @TokensPerSecondAtLeast} states that a performance test must produce at least
 * {@link #value()} tokens per second ({@code tokens_per_second}: the tokens recorded by all calls
 * of an iteration over its wall time), judged on {@link #statistic()}. The test records tokens
 * through {@link Measure#tokens(long)} or {@link Measure#run(Measure.Producer, java.util.function.ToLongFunction)};
 * a test that records none fails with a message saying so.
 *
 * @since 0.1
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(TokensPerSecondAtLeast.List.class)
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public @interface TokensPerSecondAtLeast {

    /**
     * The smallest acceptable rate in tokens per second.
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
     * Container of repeated {@code @TokensPerSecondAtLeast} annotations.
     *
     * @since 0.1
     */
    @Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    @interface List {
        TokensPerSecondAtLeast[] value();
    }
}
