package dev.bitnet.perf.sample;

import org.apiguardian.api.API;

/**
 * Which way a metric improves.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum Direction {
    /** Larger values are better (throughput, tokens per second). */
    HIGHER_IS_BETTER,
    /** Smaller values are better (latency, memory, allocation). */
    LOWER_IS_BETTER;

    /**
     * Returns whether {@code candidate} is strictly better than {@code reference} in this direction.
     */
    public boolean isBetter(double candidate, double reference) {
        return this == HIGHER_IS_BETTER ? candidate > reference : candidate < reference;
    }
}
