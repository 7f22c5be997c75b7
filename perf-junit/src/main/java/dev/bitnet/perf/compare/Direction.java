package dev.bitnet.perf.compare;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * {@code Direction} says which way a metric improves.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public enum Direction {
    /** Throughput-like metrics: tokens per second, operations per second. */
    HIGHER_IS_BETTER,
    /** Cost-like metrics: latency, memory, allocation, CPU and GC time. */
    LOWER_IS_BETTER;

    /**
     * The change in percent expressed as "how much worse": positive means a regression.
     *
     * @param changePercent the signed relative change of the metric in percent
     */
    public double worsening(double changePercent) {
        return this == HIGHER_IS_BETTER ? -changePercent : changePercent;
    }
}
