package dev.bitnet.perf.sample;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The measured iterations of one performance test, and the values of each {@link Metric} taken from
 * them. Immutable.
 *
 * @param iterations the measured iterations in the order they ran
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Samples(List<Sample> iterations) {

    private static final double NANOS_PER_MILLI = 1e6;
    private static final double NANOS_PER_SECOND = 1e9;
    private static final double BYTES_PER_MIB = 1024.0 * 1024.0;

    public Samples {
        iterations = List.copyOf(iterations);
    }

    /** Number of measured iterations. */
    public int size() {
        return iterations.size();
    }

    /**
     * The values of {@code metric}, one per call or per iteration according to its
     * {@link Metric#granularity() granularity}, skipping values that were not recorded (for
     * example tokens/s when the test recorded no tokens, or RSS off Linux).
     *
     * @return a fresh array, empty when nothing was recorded; time O(calls)
     */
    public double[] values(Metric metric) {
        List<Double> out = new ArrayList<>();
        for (Sample s : iterations) {
            switch (metric) {
                case LATENCY_MS -> s.calls().forEach(c -> out.add(c.latencyNanos() / NANOS_PER_MILLI));
                case CPU_TIME_MS -> s.calls().stream().filter(c -> c.cpuNanos() != CallSample.UNKNOWN)
                        .forEach(c -> out.add(c.cpuNanos() / NANOS_PER_MILLI));
                case ALLOCATED_BYTES -> s.calls().stream().filter(c -> c.allocatedBytes() != CallSample.UNKNOWN)
                        .forEach(c -> out.add((double) c.allocatedBytes()));
                case TOKENS_PER_SECOND -> {
                    long tokens = s.tokens();
                    if (tokens != CallSample.UNKNOWN && s.wallNanos() > 0) {
                        out.add(tokens * NANOS_PER_SECOND / s.wallNanos());
                    }
                }
                case THROUGHPUT_OPS -> {
                    if (s.wallNanos() > 0) {
                        out.add(s.calls().size() * NANOS_PER_SECOND / s.wallNanos());
                    }
                }
                case MEMORY_USAGE_MB -> addIfKnown(out, s.rssBytes(), BYTES_PER_MIB);
                case PEAK_RSS_MB -> addIfKnown(out, s.peakRssBytes(), BYTES_PER_MIB);
                case HEAP_USED_MB -> addIfKnown(out, s.heapUsedBytes(), BYTES_PER_MIB);
                case GC_TIME_MS -> addIfKnown(out, s.gcTimeMillis(), 1);
                case GC_COUNT -> addIfKnown(out, s.gcCount(), 1);
                default -> throw new IllegalStateException("metric without extraction rule: " + metric);
            }
        }
        double[] values = new double[out.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = out.get(i);
        }
        return values;
    }

    /** The values of every metric that has at least one value, in {@link Metric} order. */
    public Map<Metric, double[]> recordedValues() {
        Map<Metric, double[]> all = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            double[] values = values(metric);
            if (values.length > 0) {
                all.put(metric, values);
            }
        }
        return all;
    }

    private static void addIfKnown(List<Double> out, long value, double divisor) {
        if (value != CallSample.UNKNOWN) {
            out.add(value / divisor);
        }
    }
}
