package dev.bitnet.perf.baseline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Arrays;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * {@code MetricSamples} holds every measured value of one metric, with its unit.
 *
 * <p>Invariants: at least one sample; every sample finite and zero or more.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class MetricSamples {
    private final String unit;
    private final double[] samples;

    /**
     * @param unit the unit, e.g. {@code ms}, {@code tokens/s}, {@code MB}; never {@code null}
     * @param samples the values, copied
     */
    public MetricSamples(String unit, double[] samples) {
        this.unit = Objects.requireNonNull(unit, "unit must not be null");
        if (samples.length == 0) {
            throw new IllegalArgumentException("samples must not be empty");
        }
        for (int i = 0; i < samples.length; i++) {
            if (!Double.isFinite(samples[i]) || samples[i] < 0) {
                throw new IllegalArgumentException("samples must be finite and non-negative but sample [" + i + "] was: " + samples[i]);
            }
        }
        this.samples = samples.clone();
    }

    /** The unit a canonical metric name implies: the canonical metric's own unit, else guessed from the suffix ({@code _ms}, {@code _mb}, {@code _bytes}). */
    public static String unitOf(String metricName) {
        java.util.Optional<dev.bitnet.perf.sample.Metric> known = dev.bitnet.perf.sample.Metric.byName(metricName);
        if (known.isPresent()) {
            return known.get().unit();
        }
        if (metricName.equals("tokens_per_second")) {
            return "tokens/s";
        }
        if (metricName.equals("throughput_ops")) {
            return "ops/s";
        }
        if (metricName.endsWith("_ms")) {
            return "ms";
        }
        if (metricName.endsWith("_mb")) {
            return "MB";
        }
        if (metricName.endsWith("_bytes")) {
            return "bytes";
        }
        return "";
    }

    public String unit() {
        return unit;
    }

    /** A copy of the samples. */
    public double[] samples() {
        return samples.clone();
    }

    public int count() {
        return samples.length;
    }

    public MetricSummary summary() {
        return MetricSummary.of(samples);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MetricSamples && ((MetricSamples) other).unit.equals(unit)
                && Arrays.equals(((MetricSamples) other).samples, samples);
    }

    @Override
    public int hashCode() {
        return 31 * unit.hashCode() + Arrays.hashCode(samples);
    }

    @Override
    public String toString() {
        return "MetricSamples[unit=" + unit + ", samples=" + Arrays.toString(samples) + "]";
    }
}
