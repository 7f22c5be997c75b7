package dev.bitnet.perf.sample;

import java.util.Arrays;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The canonical metrics of perf-junit. Their {@linkplain #canonicalName() names} are shared by
 * samples, records, reports, baselines and the command-line tool, and never change.
 *
 * <p>Each metric knows its unit, its {@link Direction} and its {@link Granularity}. Memory sizes in
 * "mb" metrics are mebibytes (2<sup>20</sup> bytes).
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum Metric {
    /** Wall-clock latency of one call of the measured code, in milliseconds. */
    LATENCY_MS("latency_ms", "ms", Direction.LOWER_IS_BETTER, Granularity.CALL),
    /** Tokens recorded by all calls of an iteration divided by the iteration's wall time. */
    TOKENS_PER_SECOND("tokens_per_second", "tokens/s", Direction.HIGHER_IS_BETTER, Granularity.ITERATION),
    /** Calls completed in an iteration divided by the iteration's wall time (aggregate over threads). */
    THROUGHPUT_OPS("throughput_ops", "ops/s", Direction.HIGHER_IS_BETTER, Granularity.ITERATION),
    /** Resident set size of the process after an iteration (Linux {@code VmRSS}), in MiB. */
    MEMORY_USAGE_MB("memory_usage_mb", "MiB", Direction.LOWER_IS_BETTER, Granularity.ITERATION),
    /** Peak resident set size of the process so far (Linux {@code VmHWM}), in MiB. */
    PEAK_RSS_MB("peak_rss_mb", "MiB", Direction.LOWER_IS_BETTER, Granularity.ITERATION),
    /** Java heap in use after an iteration (garbage included), in MiB. */
    HEAP_USED_MB("heap_used_mb", "MiB", Direction.LOWER_IS_BETTER, Granularity.ITERATION),
    /** Heap bytes allocated by the calling thread during one call. */
    ALLOCATED_BYTES("allocated_bytes", "B", Direction.LOWER_IS_BETTER, Granularity.CALL),
    /** CPU time of the calling thread during one call, in milliseconds. */
    CPU_TIME_MS("cpu_time_ms", "ms", Direction.LOWER_IS_BETTER, Granularity.CALL),
    /** Accumulated garbage-collection time of all collectors during an iteration, in milliseconds. */
    GC_TIME_MS("gc_time_ms", "ms", Direction.LOWER_IS_BETTER, Granularity.ITERATION),
    /** Number of garbage collections of all collectors during an iteration. */
    GC_COUNT("gc_count", "collections", Direction.LOWER_IS_BETTER, Granularity.ITERATION);

    private final String canonicalName;
    private final String unit;
    private final Direction direction;
    private final Granularity granularity;

    Metric(String canonicalName, String unit, Direction direction, Granularity granularity) {
        this.canonicalName = canonicalName;
        this.unit = unit;
        this.direction = direction;
        this.granularity = granularity;
    }

    /** The stable snake_case name used in records, reports and baselines, e.g. {@code latency_ms}. */
    public String canonicalName() {
        return canonicalName;
    }

    /** The unit of every value of this metric, e.g. {@code ms}. */
    public String unit() {
        return unit;
    }

    public Direction direction() {
        return direction;
    }

    public Granularity granularity() {
        return granularity;
    }

    /**
     * Looks a metric up by its canonical name.
     *
     * @return the metric, or empty when the name is not canonical
     */
    public static Optional<Metric> byName(String canonicalName) {
        return Arrays.stream(values()).filter(m -> m.canonicalName.equals(canonicalName)).findFirst();
    }

    @Override
    public String toString() {
        return canonicalName;
    }
}
