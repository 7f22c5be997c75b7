package dev.bitnet.perf.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapTests {
    @Test
    void sameSeedGivesSameInterval() {
        double[] a = {10, 11, 9.5, 10.2, 10.8, 9.9};
        double[] b = {11, 12, 10.5, 11.1, 11.9, 10.7};
        Interval first = Bootstrap.medianRelativeChange(a, b, 2000, 0.95, 42);
        Interval second = Bootstrap.medianRelativeChange(a, b, 2000, 0.95, 42);
        assertThat(first).isEqualTo(second);
        assertThat(first.level()).isEqualTo(0.95);
    }

    @Test
    void constantSamplesGiveAPointInterval() {
        Interval interval = Bootstrap.medianRelativeChange(new double[] {4, 4, 4}, new double[] {5, 5}, 500, 0.95, 1);
        assertThat(interval.low()).isEqualTo(0.25);
        assertThat(interval.high()).isEqualTo(0.25);
    }

    /**
     * Property, over seeded random inputs: the interval lies within the range of all possible
     * median ratios (min(current)/max(baseline) − 1 to max(current)/min(baseline) − 1), and a
     * wider confidence level never gives a narrower interval.
     */
    @Test
    void intervalStaysWithinPossibleRatiosAndWidensWithLevel() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 40; trial++) {
            long seed = random.nextLong();
            double[] a = randomSample(random, 2 + random.nextInt(20), 100);
            double[] b = randomSample(random, 2 + random.nextInt(20), 100 * (0.8 + 0.4 * random.nextDouble()));
            Interval i95 = Bootstrap.medianRelativeChange(a, b, 1000, 0.95, seed);
            Interval i80 = Bootstrap.medianRelativeChange(a, b, 1000, 0.80, seed);
            double lowest = min(b) / max(a) - 1;
            double highest = max(b) / min(a) - 1;
            assertThat(i95.low()).as("trial %d seed %d", trial, seed).isGreaterThanOrEqualTo(lowest);
            assertThat(i95.high()).as("trial %d seed %d", trial, seed).isLessThanOrEqualTo(highest);
            assertThat(i95.width()).as("trial %d seed %d", trial, seed).isGreaterThanOrEqualTo(i80.width());
        }
    }

    @Test
    void shiftedSampleIntervalExcludesZero() {
        SplittableRandom random = new SplittableRandom(3);
        double[] a = randomSample(random, 20, 100);
        double[] b = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = randomSample(random, 1, 120)[0];
        }
        Interval interval = Bootstrap.medianRelativeChange(a, b, 5000, 0.95, 11);
        assertThat(interval.low()).isGreaterThan(0.1);
        assertThat(interval.contains(0.2)).isTrue();
    }

    @Test
    void rejectsTooFewResamples() {
        assertThatThrownBy(() -> Bootstrap.medianRelativeChange(new double[] {1}, new double[] {1}, 10, 0.95, 1))
                .hasMessage("resamples must be at least 100: 10");
    }

    /** Normal-ish values with 2% relative spread around {@code centre}. */
    static double[] randomSample(SplittableRandom random, int n, double centre) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            double u = 0;
            for (int k = 0; k < 12; k++) {
                u += random.nextDouble();
            }
            values[i] = centre * (1 + 0.02 * (u - 6));
        }
        return values;
    }

    private static double min(double[] x) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : x) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static double max(double[] x) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            m = Math.max(m, v);
        }
        return m;
    }
}
