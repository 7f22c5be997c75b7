package dev.bitnet.perf.diagnosis;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * {@code MetricSpread} is the measured spread of one metric, the fact a noisy environment is
 * diagnosed from.
 *
 * @param metric    canonical metric name, e.g. {@code latency_ms}
 * @param cvPercent the samples' coefficient of variation in percent ({@code NaN} when fewer than two samples)
 * @param samples   the number of samples
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record MetricSpread(String metric, double cvPercent, int samples) {
    public MetricSpread {
        Objects.requireNonNull(metric, "metric must not be null");
        if (samples < 0) {
            throw new IllegalArgumentException("samples must not be negative: " + samples);
        }
    }
}
