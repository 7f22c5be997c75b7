package dev.bitnet.perf;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * {@code @RetryOn} declares exception types that are transient for a performance test: when the
 * measured code throws one of them (or an exception caused by one), the whole measurement is run
 * again from its first warm-up iteration, up to {@link #maxRetries()} times, and every retry is
 * reported (console, JSON record, reports). Nothing else is retried: a missed threshold, a
 * regression, an {@link AssertionError} or an {@link OutOfMemoryError} never is, so a retry cannot
 * turn a slow run into a pass.
 *
 * <pre>
 * &#64;PerformanceTest
 * &#64;RetryOn(value = SocketTimeoutException.class, maxRetries = 2)
 * void fetchesModelMetadata() { ... }
 * </pre>
 *
 * <p>On a class it applies to every performance test in it; a method-level annotation replaces it.
 *
 * @since 0.1
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public @interface RetryOn {

    /** Defaults for {@link #maxRetries()}. */
    int DEFAULT_MAX_RETRIES = 1;

    /**
     * The transient exception types; subclasses count too.
     *
     * @return one or more types, none of them an {@link AssertionError} or {@link VirtualMachineError}
     */
    Class<? extends Throwable>[] value();

    /**
     * How many times the measurement may be retried after a transient failure.
     *
     * @return one or more; defaults to {@value #DEFAULT_MAX_RETRIES}
     */
    int maxRetries() default DEFAULT_MAX_RETRIES;
}
