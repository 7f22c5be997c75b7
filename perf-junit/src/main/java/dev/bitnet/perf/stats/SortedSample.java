package dev.bitnet.perf.stats;

import java.util.Arrays;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apiguardian.api.API;

/**
 * An immutable, sorted copy of one metric's values, answering the statistics a verdict needs:
 * mean, spread, any percentile, and confidence intervals.
 *
 * <p>Invariants: no value is NaN. The sample may be empty (every statistic NaN) or hold one value
 * (location statistics defined; spread and intervals NaN), following JMH's rule that formatting
 * copes with too little data rather than failing.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SortedSample {

    /** The confidence level of the intervals in {@link #summarize()}. */
    public static final double DEFAULT_LEVEL = 0.95;

    private final double[] sorted;

    private SortedSample(double[] sorted) {
        this.sorted = sorted;
    }

    /**
     * Copies and sorts {@code values}. Time: O(n log n).
     *
     * @throws IllegalArgumentException when a value is NaN
     */
    public static SortedSample of(double... values) {
        double[] copy = values.clone();
        for (int i = 0; i < copy.length; i++) {
            if (Double.isNaN(copy[i])) {
                throw new IllegalArgumentException("values must not contain NaN: index " + i);
            }
        }
        Arrays.sort(copy);
        return new SortedSample(copy);
    }

    public int size() {
        return sorted.length;
    }

    /** The values in ascending order (a copy). */
    public double[] values() {
        return sorted.clone();
    }

    public double mean() {
        return sorted.length == 0 ? Double.NaN : StatUtils.mean(sorted);
    }

    /** Sample standard deviation (divisor n−1); NaN for fewer than two values. */
    public double standardDeviation() {
        return sorted.length < 2 ? Double.NaN : Math.sqrt(StatUtils.variance(sorted));
    }

    public double min() {
        return sorted.length == 0 ? Double.NaN : sorted[0];
    }

    public double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }

    /**
     * The {@code percent}-th percentile by linear interpolation between closest ranks
     * (definition 7 of Hyndman and Fan, 1996): with h = (n−1)·p/100, x[⌊h⌋] + (h−⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
     *
     * @param percent in (0, 100]
     */
    public double percentile(double percent) {
        requirePercent(percent);
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return new Percentile().withEstimationType(Percentile.EstimationType.R_7).evaluate(sorted, percent);
    }

    public double median() {
        return percentile(50);
    }

    /**
     * Student's t confidence interval of the mean: mean ± t(1−α/2, n−1) · sd / √n. Unknown for fewer
     * than two values.
     *
     * @param level in (0, 1)
     */
    public ConfidenceInterval meanInterval(double level) {
        if (sorted.length < 2) {
            return ConfidenceInterval.unknown(level);
        }
        double t = new TDistribution(sorted.length - 1).inverseCumulativeProbability(1 - (1 - level) / 2);
        double halfWidth = t * standardDeviation() / Math.sqrt(sorted.length);
        double mean = mean();
        return new ConfidenceInterval(mean - halfWidth, mean + halfWidth, level);
    }

    /**
     * A distribution-free confidence interval of the {@code percent}-th percentile from order
     * statistics: the number of values below the true percentile is Binomial(n, p/100), so
     * [x(l), x(u)] with l the largest rank where P(B ≤ l−1) ≤ α/2 and u the smallest rank where
     * P(B ≤ u−1) ≥ 1−α/2 covers it with probability ≥ level (Conover, Practical Nonparametric
     * Statistics, 3rd ed., §3.2). A bound is NaN when the sample is too small to give it.
     *
     * @param percent in (0, 100]
     * @param level in (0, 1)
     */
    public ConfidenceInterval percentileInterval(double percent, double level) {
        requirePercent(percent);
        int n = sorted.length;
        if (n == 0) {
            return ConfidenceInterval.unknown(level);
        }
        double alphaHalf = (1 - level) / 2;
        BinomialDistribution below = new BinomialDistribution(null, n, Math.min(1.0, percent / 100.0));
        int lowRank = 0;
        for (int k = 1; k <= n; k++) {
            if (below.cumulativeProbability(k - 1) <= alphaHalf) {
                lowRank = k;
            } else {
                break;
            }
        }
        int highRank = n + 1;
        for (int k = 1; k <= n; k++) {
            if (below.cumulativeProbability(k - 1) >= 1 - alphaHalf) {
                highRank = k;
                break;
            }
        }
        double low = lowRank >= 1 ? sorted[lowRank - 1] : Double.NaN;
        double high = highRank <= n ? sorted[highRank - 1] : Double.NaN;
        return new ConfidenceInterval(low, high, level);
    }

    /** All descriptive statistics at {@link #DEFAULT_LEVEL}. */
    public Summary summarize() {
        double mean = mean();
        double sd = standardDeviation();
        boolean empty = sorted.length == 0;
        return new Summary(
                sorted.length,
                mean,
                empty ? Double.NaN : median(),
                sd,
                mean == 0 || Double.isNaN(sd) ? Double.NaN : sd / mean,
                min(),
                max(),
                empty ? Double.NaN : percentile(50),
                empty ? Double.NaN : percentile(90),
                empty ? Double.NaN : percentile(95),
                empty ? Double.NaN : percentile(99),
                meanInterval(DEFAULT_LEVEL));
    }

    private static void requirePercent(double percent) {
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("percent must lie in (0, 100]: " + percent);
        }
    }
}
