package dev.bitnet.perf.sample;

import org.apiguardian.api.API;

/**
 * What one value of a metric describes: one call of the measured code, or one measured iteration
 * (which, with {@code threads > 1}, holds one concurrent call per thread).
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum Granularity {
    /** One value per call: {@code iterations × threads} values. */
    CALL,
    /** One value per measured iteration: {@code iterations} values. */
    ITERATION
}
