package dev.bitnet.perf.compare;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apiguardian.api.API;

/**
 * Finds shifts in the level of a history series (for example the median latency of each run)
 * by binary segmentation with a CUSUM statistic and a permutation test.
 *
 * <p>For a segment x[a..b) with mean m, the CUSUM S(k) = Σ_{a≤i&lt;k} (x[i] − m) is largest in
 * magnitude at the most likely shift. Its significance is the share of random permutations of
 * the segment whose max |S| is at least the observed one (a permutation test; Page 1954 for
 * CUSUM, Taylor 2000 "Change-Point Analysis: A Powerful New Tool" for the permutation test).
 * A significant split is kept when both sides hold at least {@code minSegment} values and the
 * two segments are then searched in turn. The random generator is seeded: the same series gives
 * the same change points.
 *
 * <p>Change points are reported, never used to fail a test.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ChangePointDetector {
    public static final double DEFAULT_ALPHA = 0.01;
    public static final int DEFAULT_PERMUTATIONS = 999;
    public static final int DEFAULT_MIN_SEGMENT = 3;

    private final double alpha;
    private final int permutations;
    private final int minSegment;
    private final long seed;

    public ChangePointDetector(double alpha, int permutations, int minSegment, long seed) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must lie in (0, 1): " + alpha);
        }
        if (permutations < 99) {
            throw new IllegalArgumentException("permutations must be at least 99: " + permutations);
        }
        if (minSegment < 2) {
            throw new IllegalArgumentException("minSegment must be at least 2: " + minSegment);
        }
        this.alpha = alpha;
        this.permutations = permutations;
        this.minSegment = minSegment;
        this.seed = seed;
    }

    public static ChangePointDetector defaults() {
        return new ChangePointDetector(DEFAULT_ALPHA, DEFAULT_PERMUTATIONS, DEFAULT_MIN_SEGMENT, Bootstrap.DEFAULT_SEED);
    }

    /**
     * The change points of {@code series}, ordered by index. Series shorter than
     * {@code 2 · minSegment} have none. Time: O(permutations · n log n).
     */
    public List<ChangePoint> detect(double[] series) {
        for (int i = 0; i < series.length; i++) {
            if (!Double.isFinite(series[i])) {
                throw new IllegalArgumentException("history value [" + i + "] must be finite but was: " + series[i]);
            }
        }
        List<ChangePoint> found = new ArrayList<>();
        split(series, 0, series.length, new SplittableRandom(seed), found);
        found.sort(Comparator.comparingInt(ChangePoint::index));
        return List.copyOf(found);
    }

    private void split(double[] series, int from, int to, SplittableRandom random, List<ChangePoint> found) {
        int n = to - from;
        if (n < 2 * minSegment) {
            return;
        }
        double[] segment = new double[n];
        System.arraycopy(series, from, segment, 0, n);
        int k = argMaxCusum(segment);
        double observed = maxAbsCusum(segment);
        if (k < minSegment || n - k < minSegment || observed == 0) {
            return;
        }
        int atLeast = 0;
        double[] shuffled = segment.clone();
        for (int p = 0; p < permutations; p++) {
            shuffle(shuffled, random);
            if (maxAbsCusum(shuffled) >= observed) {
                atLeast++;
            }
        }
        double pValue = (atLeast + 1.0) / (permutations + 1.0);
        if (pValue >= alpha) {
            return;
        }
        double before = mean(segment, 0, k);
        double after = mean(segment, k, n);
        double change = before == 0 ? Double.NaN : (after / before - 1.0) * 100.0;
        found.add(new ChangePoint(from + k, before, after, change, pValue));
        split(series, from, from + k, random, found);
        split(series, from + k, to, random, found);
    }

    /** The k in 1..n-1 maximising |S(k)|: the first index of the second segment. */
    static int argMaxCusum(double[] x) {
        double m = mean(x, 0, x.length);
        double s = 0;
        double best = -1;
        int bestK = 0;
        for (int k = 1; k < x.length; k++) {
            s += x[k - 1] - m;
            if (Math.abs(s) > best) {
                best = Math.abs(s);
                bestK = k;
            }
        }
        return bestK;
    }

    static double maxAbsCusum(double[] x) {
        double m = mean(x, 0, x.length);
        double s = 0;
        double best = 0;
        for (int k = 1; k < x.length; k++) {
            s += x[k - 1] - m;
            best = Math.max(best, Math.abs(s));
        }
        return best;
    }

    private static double mean(double[] x, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += x[i];
        }
        return sum / (to - from);
    }

    private static void shuffle(double[] x, SplittableRandom random) {
        for (int i = x.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            double t = x[i];
            x[i] = x[j];
            x[j] = t;
        }
    }
}
