package dev.bitnet.perf.stats;

import org.apiguardian.api.API;

/**
 * The descriptive statistics of one metric's values. Immutable; built by {@link SortedSample}.
 *
 * <p>Definitions: {@code standardDeviation} is the sample standard deviation (divisor n−1);
 * {@code coefficientOfVariation} = sd / mean; percentiles use linear interpolation between closest
 * ranks (Hyndman and Fan's definition 7, as numpy's default and Excel's PERCENTILE.INC); the mean's
 * interval uses Student's t with n−1 degrees of freedom. With no values every statistic is NaN;
 * with one value the spread and the interval are NaN (see {@link SortedSample}).
 *
 * @param n number of values
 * @param meanInterval confidence interval of the mean
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Summary(
        int n,
        double mean,
        double median,
        double standardDeviation,
        double coefficientOfVariation,
        double min,
        double max,
        double p50,
        double p90,
        double p95,
        double p99,
        ConfidenceInterval meanInterval) {

    public Summary {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative: " + n);
        }
    }
}
