package dev.bitnet.perf.compare;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.apache.commons.math3.stat.inference.TTest;
import org.apiguardian.api.API;

/**
 * Two-sided two-sample significance tests. The t-tests are commons-math3's; the Mann-Whitney U
 * statistic is commons-math3's and its p-value is computed here, because commons-math3 3.6.1 uses
 * a normal approximation without tie or continuity correction even for tiny samples, where
 * performance tests live (5 to 30 iterations).
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class TwoSampleTests {
    /** Exact Mann-Whitney p-values are computed when there are no ties and n1 * n2 is at most this. */
    static final int EXACT_MANN_WHITNEY_MAX_PRODUCT = 2_500;

    private TwoSampleTests() {}

    /**
     * Welch's unequal-variances t-test, two-sided. Both samples need at least two values.
     * When both samples have zero variance the p-value is 1 for equal means and 0 otherwise.
     */
    public static double welchP(double[] a, double[] b) {
        requireTwo(a, b);
        double va = Samples.variance(a);
        double vb = Samples.variance(b);
        if (va == 0 && vb == 0) {
            return Samples.mean(a) == Samples.mean(b) ? 1.0 : 0.0;
        }
        return new TTest().tTest(a, b);
    }

    /** Student's t-test with pooled variance, two-sided; zero-variance handling as {@link #welchP}. */
    public static double studentP(double[] a, double[] b) {
        requireTwo(a, b);
        double va = Samples.variance(a);
        double vb = Samples.variance(b);
        if (va == 0 && vb == 0) {
            return Samples.mean(a) == Samples.mean(b) ? 1.0 : 0.0;
        }
        return new TTest().homoscedasticTTest(a, b);
    }

    /**
     * Mann-Whitney U test, two-sided. Without ties and for {@code n1 * n2 <= 2500} the p-value
     * is exact (the null distribution of U counted by dynamic programming, as in
     * Mann and Whitney 1947); otherwise it is the normal approximation with tie correction of the
     * variance and a continuity correction of 0.5 (the formulas scipy.stats.mannwhitneyu uses
     * with {@code method="asymptotic", use_continuity=True}).
     */
    public static double mannWhitneyP(double[] a, double[] b) {
        if (a.length < 1 || b.length < 1) {
            throw new IllegalArgumentException("Mann-Whitney needs at least one value per sample: "
                    + a.length + " and " + b.length);
        }
        int n1 = a.length;
        int n2 = b.length;
        // commons-math3 returns max(U1, U2)
        double uMax = new MannWhitneyUTest().mannWhitneyU(a, b);
        double uMin = (double) n1 * n2 - uMax;
        double tieTerm = tieTerm(a, b);
        if (tieTerm == 0 && (long) n1 * n2 <= EXACT_MANN_WHITNEY_MAX_PRODUCT) {
            return Math.min(1.0, 2.0 * exactLowerTail(n1, n2, (int) Math.round(uMin)));
        }
        double n = n1 + n2;
        double mu = n1 * (double) n2 / 2.0;
        double sigma = Math.sqrt(n1 * (double) n2 / 12.0 * ((n + 1) - tieTerm / (n * (n - 1))));
        if (sigma == 0) {
            return 1.0;
        }
        double z = (uMax - mu - 0.5) / sigma;
        double p = 2.0 * (1.0 - new NormalDistribution(0, 1).cumulativeProbability(z));
        return Math.max(0.0, Math.min(1.0, p));
    }

    /** Σ (t³ − t) over groups of tied values in the pooled sample. */
    private static double tieTerm(double[] a, double[] b) {
        double[] all = new double[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        double term = 0;
        int i = 0;
        while (i < all.length) {
            int j = i;
            while (j + 1 < all.length && all[j + 1] == all[i]) {
                j++;
            }
            double t = j - i + 1;
            term += t * t * t - t;
            i = j + 1;
        }
        return term;
    }

    /**
     * P(U ≤ u) under the null hypothesis for sample sizes n1, n2 without ties. The count
     * c(i, j, u) of arrangements of i values of the first and j of the second sample with
     * statistic u obeys c(i, j, u) = c(i − 1, j, u − j) + c(i, j − 1, u). Time: O(n1 · n2 · n1·n2).
     */
    static double exactLowerTail(int n1, int n2, int u) {
        int maxU = n1 * n2;
        // previous[j][s] = c(i - 1, j, s); current[j][s] = c(i, j, s)
        double[][] previous = new double[n2 + 1][maxU + 1];
        for (int j = 0; j <= n2; j++) {
            previous[j][0] = 1; // c(0, j, 0) = 1
        }
        for (int i = 1; i <= n1; i++) {
            double[][] current = new double[n2 + 1][maxU + 1];
            current[0][0] = 1; // c(i, 0, 0) = 1
            for (int j = 1; j <= n2; j++) {
                int limit = i * j;
                for (int s = 0; s <= limit; s++) {
                    double fromFirst = s >= j ? previous[j][s - j] : 0;
                    current[j][s] = fromFirst + current[j - 1][s];
                }
            }
            previous = current;
        }
        double total = 0;
        double tail = 0;
        for (int s = 0; s <= maxU; s++) {
            total += previous[n2][s];
            if (s <= u) {
                tail += previous[n2][s];
            }
        }
        return tail / total;
    }

    private static void requireTwo(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            throw new IllegalArgumentException("a t-test needs at least two values per sample: "
                    + a.length + " and " + b.length);
        }
    }
}
