package dev.bitnet.perf.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Statistics against values computed independently, with Python (numpy 2.4.6, scipy 1.17.1):
 *
 * <pre>
 * x = np.array(VALUES)
 * x.mean(); x.std(ddof=1); x.std(ddof=1) / x.mean()
 * np.percentile(x, p)                      # default method 'linear' = Hyndman–Fan type 7
 * t = scipy.stats.t.ppf(0.975, n - 1); x.mean() ± t * x.std(ddof=1) / sqrt(n)
 * order-statistic interval of the q-quantile: with B = scipy.stats.binom(n, q), the largest rank l
 * with B.cdf(l-1) <= α/2 and the smallest rank u with B.cdf(u-1) >= 1-α/2, then sorted(x)[l-1], sorted(x)[u-1]
 * </pre>
 *
 * The sample has 25 values with one far outlier (100.0) so that mean and median differ.
 */
@DisplayName("SortedSample")
class SortedSampleTests {

    static final double[] VALUES = {
        12.5, 3.25, 7.75, 9.0, 15.125, 4.5, 6.0, 11.25, 8.5, 10.0, 2.75, 13.5, 5.25, 7.0, 9.75,
        14.0, 6.5, 8.25, 3.75, 12.0, 10.5, 4.25, 11.75, 5.5, 100.0
    };
    static final double ACCURACY = 1e-9;

    final SortedSample sample = SortedSample.of(VALUES);

    @Test
    void computesMeanStandardDeviationAndVariation() {
        assertThat(sample.size()).isEqualTo(25);
        assertThat(sample.mean()).isCloseTo(12.105, within(ACCURACY));
        assertThat(sample.standardDeviation()).isCloseTo(18.65349051339543, within(ACCURACY));
        assertThat(sample.summarize().coefficientOfVariation()).isCloseTo(1.540974020107016, within(ACCURACY));
        assertThat(sample.min()).isEqualTo(2.75);
        assertThat(sample.max()).isEqualTo(100.0);
    }

    @Test
    void computesPercentilesByLinearInterpolationBetweenClosestRanks() {
        assertThat(sample.median()).isCloseTo(8.5, within(ACCURACY));
        assertThat(sample.percentile(90)).isCloseTo(13.8, within(ACCURACY));
        assertThat(sample.percentile(95)).isCloseTo(14.899999999999997, within(ACCURACY));
        assertThat(sample.percentile(99)).isCloseTo(79.62999999999982, within(ACCURACY));
        assertThat(sample.percentile(10)).isCloseTo(3.95, within(ACCURACY));
        assertThat(sample.percentile(37.5)).isCloseTo(7.0, within(ACCURACY));
        assertThat(sample.percentile(100)).isEqualTo(100.0);
    }

    @Test
    void computesStudentTIntervalOfTheMean() {
        ConfidenceInterval ci95 = sample.meanInterval(0.95);
        assertThat(ci95.low()).isCloseTo(4.405217552012235, within(ACCURACY));
        assertThat(ci95.high()).isCloseTo(19.804782447987765, within(ACCURACY));
        assertThat(ci95.level()).isEqualTo(0.95);
        ConfidenceInterval ci90 = sample.meanInterval(0.90);
        assertThat(ci90.low()).isCloseTo(5.72221547057425, within(ACCURACY));
        assertThat(ci90.high()).isCloseTo(18.487784529425753, within(ACCURACY));
    }

    @Test
    void computesOrderStatisticIntervalsOfPercentiles() {
        ConfidenceInterval median = sample.percentileInterval(50, 0.95);
        assertThat(median.low()).isEqualTo(6.0);
        assertThat(median.high()).isEqualTo(11.25);
        ConfidenceInterval p90 = sample.percentileInterval(90, 0.95);
        assertThat(p90.low()).isEqualTo(11.75);
        assertThat(p90.high()).as("25 values cannot bound the 90th percentile from above at 95%").isNaN();
    }

    @Test
    void summaryCarriesAllStatistics() {
        Summary s = sample.summarize();
        assertThat(s.n()).isEqualTo(25);
        assertThat(s.mean()).isCloseTo(12.105, within(ACCURACY));
        assertThat(s.median()).isEqualTo(s.p50()).isCloseTo(8.5, within(ACCURACY));
        assertThat(s.p90()).isCloseTo(13.8, within(ACCURACY));
        assertThat(s.p95()).isCloseTo(14.899999999999997, within(ACCURACY));
        assertThat(s.p99()).isCloseTo(79.62999999999982, within(ACCURACY));
        assertThat(s.meanInterval().low()).isCloseTo(4.405217552012235, within(ACCURACY));
    }

    @Test
    void doesNotDependOnInputOrderAndCopiesItsInput() {
        double[] reversed = new double[VALUES.length];
        for (int i = 0; i < VALUES.length; i++) {
            reversed[i] = VALUES[VALUES.length - 1 - i];
        }
        SortedSample other = SortedSample.of(reversed);
        reversed[0] = -1000;
        assertThat(other.summarize()).isEqualTo(sample.summarize());
        double[] out = other.values();
        out[0] = 1e9;
        assertThat(other.min()).isEqualTo(2.75);
    }

    @Nested
    @DisplayName("with too little data")
    class TooLittleData {

        @Test
        void emptySampleGivesNaNEverywhere() {
            Summary s = SortedSample.of().summarize();
            assertThat(s.n()).isZero();
            assertThat(new double[] {s.mean(), s.median(), s.standardDeviation(), s.coefficientOfVariation(),
                    s.min(), s.max(), s.p50(), s.p90(), s.p95(), s.p99()}).containsOnly(Double.NaN);
            assertThat(s.meanInterval().isKnown()).isFalse();
        }

        @Test
        void oneValueHasLocationButNoSpreadOrInterval() {
            Summary s = SortedSample.of(4.0).summarize();
            assertThat(s.mean()).isEqualTo(4.0);
            assertThat(s.median()).isEqualTo(4.0);
            assertThat(s.p99()).isEqualTo(4.0);
            assertThat(s.standardDeviation()).isNaN();
            assertThat(s.coefficientOfVariation()).isNaN();
            assertThat(s.meanInterval().low()).isNaN();
        }

        @Test
        void twoValuesUseTheWideTQuantileOfOneDegreeOfFreedom() {
            // scipy.stats.t.ppf(0.975, 1) = 12.706204736174694; sd([1, 2]) = 0.7071067811865476
            ConfidenceInterval ci = SortedSample.of(1, 2).meanInterval(0.95);
            double half = 12.706204736174694 * 0.7071067811865476 / Math.sqrt(2);
            assertThat(ci.low()).isCloseTo(1.5 - half, within(ACCURACY));
            assertThat(ci.high()).isCloseTo(1.5 + half, within(ACCURACY));
            assertThat(SortedSample.of(1, 2).percentile(90)).isCloseTo(1.9, within(ACCURACY));
        }
    }

    @Test
    void rejectsNaNValuesAndPercentilesOutsideTheRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> SortedSample.of(1, Double.NaN))
                .withMessage("values must not contain NaN: index 1");
        assertThatIllegalArgumentException().isThrownBy(() -> sample.percentile(0))
                .withMessage("percent must lie in (0, 100]: 0.0");
        assertThatIllegalArgumentException().isThrownBy(() -> sample.percentile(100.5));
        assertThatIllegalArgumentException().isThrownBy(() -> sample.percentileInterval(-1, 0.95));
    }

    @Test
    void everyBootstrapStyleRandomSampleKeepsStatisticsWithinItsRange() {
        long seed = 20261130L;
        java.util.Random random = new java.util.Random(seed);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(60);
            double[] values = random.doubles(n, -50, 50).toArray();
            Summary s = SortedSample.of(values).summarize();
            String inputs = "seed " + seed + ", round " + round + ", n " + n;
            assertThat(s.mean()).as(inputs).isBetween(s.min(), s.max());
            assertThat(s.median()).as(inputs).isBetween(s.min(), s.max());
            assertThat(s.p50()).as(inputs).isLessThanOrEqualTo(s.p90());
            assertThat(s.p90()).as(inputs).isLessThanOrEqualTo(s.p95());
            assertThat(s.p95()).as(inputs).isLessThanOrEqualTo(s.p99());
            if (n >= 2) {
                assertThat(s.meanInterval().low()).as(inputs).isLessThanOrEqualTo(s.mean());
                assertThat(s.meanInterval().high()).as(inputs).isGreaterThanOrEqualTo(s.mean());
            }
        }
    }
}
