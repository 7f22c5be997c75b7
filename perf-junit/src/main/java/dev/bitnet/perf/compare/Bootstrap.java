package dev.bitnet.perf.compare;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apiguardian.api.API;

/**
 * Percentile bootstrap of the relative change of the median, current versus baseline.
 *
 * <p>Each resample draws {@code n1} baseline and {@code n2} current values with replacement and
 * records {@code median(current*) / median(baseline*) - 1}; the interval is the
 * ((1 - level)/2, (1 + level)/2) quantiles of these ratios (Efron and Tibshirani, An Introduction
 * to the Bootstrap, ch. 13). The random generator is seeded, so the same input gives the same
 * interval on every run and machine.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Bootstrap {
    public static final int DEFAULT_RESAMPLES = 10_000;
    public static final long DEFAULT_SEED = 0x5EED_CAFEL;

    private Bootstrap() {}

    /**
     * The bootstrap interval of the relative change of the median, as a fraction (0.1 = +10%).
     * A resample whose baseline median is 0 is skipped; if all are, the result is an
     * {@link IllegalArgumentException}.
     *
     * Time: O(resamples · (n1 log n1 + n2 log n2)).
     */
    public static Interval medianRelativeChange(double[] baseline, double[] current, int resamples, double level, long seed) {
        if (baseline.length == 0 || current.length == 0) {
            throw new IllegalArgumentException("bootstrap needs values in both samples: " + baseline.length + " and " + current.length);
        }
        if (resamples < 100) {
            throw new IllegalArgumentException("resamples must be at least 100: " + resamples);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] ratios = new double[resamples];
        double[] b = new double[baseline.length];
        double[] c = new double[current.length];
        int kept = 0;
        for (int r = 0; r < resamples; r++) {
            double baselineMedian = resampledMedian(baseline, b, random);
            double currentMedian = resampledMedian(current, c, random);
            if (baselineMedian > 0) {
                ratios[kept++] = currentMedian / baselineMedian - 1.0;
            }
        }
        if (kept == 0) {
            throw new IllegalArgumentException("bootstrap of the relative change needs a baseline median above zero");
        }
        double[] sorted = Arrays.copyOf(ratios, kept);
        Arrays.sort(sorted);
        double tail = (1.0 - level) / 2.0;
        return new Interval(Samples.quantileOfSorted(sorted, tail), Samples.quantileOfSorted(sorted, 1.0 - tail), level);
    }

    private static double resampledMedian(double[] source, double[] scratch, SplittableRandom random) {
        for (int i = 0; i < scratch.length; i++) {
            scratch[i] = source[random.nextInt(source.length)];
        }
        Arrays.sort(scratch);
        return Samples.medianOfSorted(scratch, scratch.length);
    }
}
