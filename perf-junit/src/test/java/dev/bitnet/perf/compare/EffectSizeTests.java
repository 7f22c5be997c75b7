package dev.bitnet.perf.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Expected values computed in plain Python from the textbook formulas: Cohen's d with the pooled
 * standard deviation, Hedges' g = d · (1 − 3/(4(n1+n2) − 9)), Cliff's delta by counting all
 * pairs.
 */
class EffectSizeTests {
    @Test
    void cohensDAndHedgesGOfTheWelchExample() {
        assertThat(EffectSize.cohensD(TwoSampleTestsTests.A1, TwoSampleTestsTests.A2)).isCloseTo(0.8965693907039245, within(1e-12));
        assertThat(EffectSize.hedgesG(TwoSampleTestsTests.A1, TwoSampleTestsTests.A2)).isCloseTo(0.8723377855497644, within(1e-12));
    }

    @Test
    void cliffsDeltaCountsPairs() {
        double[] x = {1, 2, 2, 3, 3, 3, 4, 5};
        double[] y = {3, 4, 4, 5, 5, 6, 6, 7, 8};
        assertThat(EffectSize.cliffsDelta(x, y)).isCloseTo(0.7916666666666666, within(1e-15));
        assertThat(EffectSize.cliffsDelta(y, x)).isCloseTo(-0.7916666666666666, within(1e-15));
        assertThat(EffectSize.cliffsDelta(x, x)).isEqualTo(0.0);
    }

    @Test
    void degenerateInputs() {
        assertThat(EffectSize.cohensD(new double[] {1}, new double[] {1, 2})).isNaN();
        assertThat(EffectSize.cohensD(new double[] {2, 2}, new double[] {2, 2})).isEqualTo(0.0);
        assertThat(EffectSize.cohensD(new double[] {2, 2}, new double[] {3, 3})).isEqualTo(Double.POSITIVE_INFINITY);
    }
}
