package dev.bitnet.perf.plan;

import org.apiguardian.api.API;

/**
 * What a performance test times.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum Mode {
    /** The whole test method body is one call; the method is invoked once per iteration and thread. */
    WHOLE_METHOD,
    /**
     * Only the code handed to {@code Measure.run(..)} is timed; the test method runs once and its
     * set-up stays untimed.
     */
    REGION
}
