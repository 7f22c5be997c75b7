package dev.bitnet.perf.baseline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Arrays;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apiguardian.api.API;

/**
 * {@code MetricSummary} is the human-readable digest of one metric's samples written next to
 * them in a baseline and as a line of the history. The samples stay the source of truth; the
 * summary is recomputed from them on every write.
 *
 * @param n number of samples, at least 1
 * @param mean arithmetic mean
 * @param median median (mean of the two middle values for even n)
 * @param stdDev sample standard deviation (n − 1), 0 for one sample
 * @param min smallest sample
 * @param max largest sample
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record MetricSummary(int n, double mean, double median, double stdDev, double min, double max) {
    public MetricSummary {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1: " + n);
        }
    }

    /** Summarises samples; they must be non-empty. */
    public static MetricSummary of(double[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("samples must not be empty");
        }
        DescriptiveStatistics stats = new DescriptiveStatistics(samples);
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
        double sd = samples.length < 2 ? 0.0 : stats.getStandardDeviation();
        return new MetricSummary(samples.length, stats.getMean(), median, sd, stats.getMin(), stats.getMax());
    }
}
