package dev.bitnet.perf.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Arrays;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apiguardian.api.API;

/**
 * The descriptive summary of one metric's samples as the reports show it. Read from the record
 * when it carries one, else computed here from the samples ({@link #of(double[])}); {@code NaN}
 * where the samples are too few (no spread with one sample, nothing with none).
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record SummaryStats(int n, double mean, double median, double standardDeviation, double cvPercent,
        double min, double max, double p90, double p95, double p99, double ciLow, double ciHigh) {

    public SummaryStats {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative: " + n);
        }
    }

    /**
     * Computes the summary of the samples: percentiles with commons-math3's default estimator, the
     * 95% interval of the mean with Student's t.
     */
    public static SummaryStats of(double[] samples) {
        int n = samples.length;
        if (n == 0) {
            double nan = Double.NaN;
            return new SummaryStats(0, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan);
        }
        DescriptiveStatistics stats = new DescriptiveStatistics(Arrays.copyOf(samples, n));
        double mean = stats.getMean();
        double sd = n > 1 ? stats.getStandardDeviation() : Double.NaN;
        double halfWidth = n > 1 ? new TDistribution(n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n) : Double.NaN;
        return new SummaryStats(n, mean, stats.getPercentile(50), sd, mean != 0 ? 100.0 * sd / Math.abs(mean) : Double.NaN,
                stats.getMin(), stats.getMax(), stats.getPercentile(90), stats.getPercentile(95), stats.getPercentile(99),
                mean - halfWidth, mean + halfWidth);
    }
}
