package dev.bitnet.perf.sample;

import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * One call of the code under measurement, as the {@link Runner} sees it. The runner times only
 * {@link #call()}; {@link #tokensProduced(Object)} is asked afterwards, outside the timing.
 *
 * <p>With {@code threads > 1} the runner calls {@code call()} from several threads at once, so an
 * implementation must be thread-safe in the way the measured code is.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface Workload {

    /**
     * Runs the measured code once.
     *
     * @return whatever the code produced, or {@code null}
     * @throws Throwable whatever the measured code throws; the runner stops and reports it
     */
    @Nullable Object call() throws Throwable;

    /**
     * The tokens produced by the call that just returned on the current thread.
     *
     * @param result what that call returned
     * @return the token count, or {@link CallSample#UNKNOWN} when the call recorded none
     */
    default long tokensProduced(@Nullable Object result) {
        return CallSample.UNKNOWN;
    }
}
