package dev.bitnet.perf.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Expected values are independent of commons-math3: they come from
 * {@code stats_reference.py} beside this class (plain Python 3, no scipy): t-test p-values
 * as the regularized incomplete beta I_{df/(df+t²)}(df/2, 1/2) integrated with Simpson's rule
 * (2 000 000 intervals), the Welch–Satterthwaite degrees of freedom by their formula, exact
 * Mann-Whitney p-values by enumerating every one of the C(n1+n2, n1) splits of the pooled
 * sample, and the asymptotic p-value by the tie-corrected normal formula with continuity
 * correction. The Welch data set is the first example of Wikipedia's "Welch's t-test" article,
 * which gives t = −2.46, ν = 24.99, p = 0.021 (agreeing with the figures below to its 2 digits).
 */
@DisplayName("Two-sample tests")
class TwoSampleTestsTests {
    static final double[] A1 = {27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4};
    static final double[] A2 = {27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4};

    @Test
    @DisplayName("Welch's t-test matches the Wikipedia example (t = -2.455, df = 24.99)")
    void welchMatchesIndependentlyComputedValue() {
        assertThat(TwoSampleTests.welchP(A1, A2)).isCloseTo(0.021378001462866853, within(1e-7));
    }

    @Test
    @DisplayName("Student's t-test matches the pooled-variance formula (df = 28)")
    void studentMatchesIndependentlyComputedValue() {
        assertThat(TwoSampleTests.studentP(A1, A2)).isCloseTo(0.02054452273412603, within(1e-7));
    }

    @Test
    @DisplayName("t-tests of constant samples give 1 when equal and 0 when different")
    void constantSamples() {
        double[] five = {5, 5, 5};
        assertThat(TwoSampleTests.welchP(five, five.clone())).isEqualTo(1.0);
        assertThat(TwoSampleTests.welchP(five, new double[] {6, 6, 6})).isEqualTo(0.0);
        assertThat(TwoSampleTests.studentP(five, new double[] {6, 6})).isEqualTo(0.0);
    }

    @Test
    void tTestRejectsSingleValues() {
        assertThatThrownBy(() -> TwoSampleTests.welchP(new double[] {1}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a t-test needs at least two values per sample: 1 and 2");
    }

    @Test
    @DisplayName("exact Mann-Whitney p-value equals full enumeration (U = 25 of 30)")
    void mannWhitneyExactSmall() {
        double[] x = {1.1, 2.3, 3.5, 4.0, 5.2};
        double[] y = {2.0, 4.5, 6.1, 6.3, 7.7, 8.0};
        assertThat(TwoSampleTests.mannWhitneyP(x, y)).isCloseTo(0.08225108225108226, within(1e-12));
        assertThat(TwoSampleTests.mannWhitneyP(y, x)).isCloseTo(0.08225108225108226, within(1e-12));
    }

    @Test
    @DisplayName("exact Mann-Whitney p-value equals full enumeration (U = 55 of 56)")
    void mannWhitneyExactSeparated() {
        double[] x = {10.2, 11.5, 9.8, 10.9, 12.1, 10.4, 11.0};
        double[] y = {12.5, 13.1, 11.9, 12.8, 14.0, 13.3, 12.2, 13.7};
        assertThat(TwoSampleTests.mannWhitneyP(x, y)).isCloseTo(6.216006216006216e-4, within(1e-12));
    }

    @Test
    @DisplayName("Mann-Whitney with ties uses the tie- and continuity-corrected normal approximation")
    void mannWhitneyAsymptoticWithTies() {
        double[] x = {1, 2, 2, 3, 3, 3, 4, 5};
        double[] y = {3, 4, 4, 5, 5, 6, 6, 7, 8};
        assertThat(TwoSampleTests.mannWhitneyP(x, y)).isCloseTo(0.006373133838085909, within(1e-9));
    }

    @Test
    @DisplayName("exact null distribution sums to one and is symmetric")
    void exactDistributionIsSymmetric() {
        for (int n1 = 1; n1 <= 6; n1++) {
            for (int n2 = 1; n2 <= 6; n2++) {
                int max = n1 * n2;
                assertThat(TwoSampleTests.exactLowerTail(n1, n2, max)).isCloseTo(1.0, within(1e-12));
                for (int u = 0; u < max; u++) {
                    double lower = TwoSampleTests.exactLowerTail(n1, n2, u);
                    double upper = 1.0 - TwoSampleTests.exactLowerTail(n1, n2, max - u - 1);
                    assertThat(lower).as("n1=%d n2=%d u=%d", n1, n2, u).isCloseTo(upper, within(1e-12));
                }
            }
        }
        // P(U = 0) = 1 / C(n1 + n2, n1): for 3 and 4 that is 1/35
        assertThat(TwoSampleTests.exactLowerTail(3, 4, 0)).isCloseTo(1.0 / 35, within(1e-15));
    }
}
