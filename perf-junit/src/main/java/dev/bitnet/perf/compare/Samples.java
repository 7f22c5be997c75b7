package dev.bitnet.perf.compare;

import java.util.Arrays;

/**
 * Checks and small order statistics of sample arrays.
 *
 * @since 0.1
 */
final class Samples {
    private Samples() {}

    /**
     * Rejects empty arrays and values that are NaN, infinite or negative (every metric we measure
     * is a non-negative quantity).
     */
    static double[] requireValid(String metricName, String role, double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException(role + " samples of metric '" + metricName + "' must not be empty");
        }
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!Double.isFinite(v) || v < 0) {
                throw new IllegalArgumentException(role + " samples of metric '" + metricName
                        + "' must be finite and non-negative but sample [" + i + "] was: " + v);
            }
        }
        return values.clone();
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Unbiased sample variance (n - 1 denominator); NaN for fewer than two values. Time: O(n). */
    static double variance(double[] values) {
        if (values.length < 2) {
            return Double.NaN;
        }
        double mean = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return sum / (values.length - 1);
    }

    /** Median of a copy. Time: O(n log n). */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return medianOfSorted(sorted, sorted.length);
    }

    static double medianOfSorted(double[] sorted, int n) {
        int mid = n / 2;
        return (n % 2 == 1) ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    /** Linear-interpolation quantile (type 7, the default of R and numpy) of sorted values. */
    static double quantileOfSorted(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
