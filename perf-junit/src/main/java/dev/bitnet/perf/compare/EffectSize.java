package dev.bitnet.perf.compare;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Effect sizes of a difference between two samples, current ({@code b}) minus baseline ({@code a}).
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class EffectSize {
    private EffectSize() {}

    /**
     * Cohen's d: (mean(b) − mean(a)) / pooled standard deviation, the pooled variance being
     * ((n1 − 1)·s1² + (n2 − 1)·s2²) / (n1 + n2 − 2). NaN with fewer than two values in a sample;
     * 0 when both samples are constant and equal, ±infinity when constant and different.
     */
    public static double cohensD(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            return Double.NaN;
        }
        double pooled = ((a.length - 1) * Samples.variance(a) + (b.length - 1) * Samples.variance(b))
                / (a.length + b.length - 2);
        double difference = Samples.mean(b) - Samples.mean(a);
        if (pooled == 0) {
            return difference == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, difference);
        }
        return difference / Math.sqrt(pooled);
    }

    /**
     * Hedges' g: Cohen's d times the small-sample correction J = 1 − 3 / (4(n1 + n2) − 9)
     * (Hedges and Olkin 1985, the usual approximation of the exact gamma-function factor).
     */
    public static double hedgesG(double[] a, double[] b) {
        double d = cohensD(a, b);
        double correction = 1.0 - 3.0 / (4.0 * (a.length + b.length) - 9.0);
        return d * correction;
    }

    /**
     * Cliff's delta: P(b &gt; a) − P(b &lt; a) over all pairs, in [−1, 1]. Positive means the
     * current values tend to be larger. Time: O(n1 · n2).
     */
    public static double cliffsDelta(double[] a, double[] b) {
        if (a.length == 0 || b.length == 0) {
            return Double.NaN;
        }
        long greater = 0;
        long less = 0;
        for (double x : a) {
            for (double y : b) {
                if (y > x) {
                    greater++;
                } else if (y < x) {
                    less++;
                }
            }
        }
        return (greater - less) / ((double) a.length * b.length);
    }
}
