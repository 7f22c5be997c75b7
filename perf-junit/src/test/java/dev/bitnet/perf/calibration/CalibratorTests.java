package dev.bitnet.perf.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CalibratorTests {
    @Test
    void referenceWorkloadIsDeterministic() {
        assertThat(ReferenceWorkload.round()).isEqualTo(ReferenceWorkload.round()).isEqualTo(-4682868047488878052L);
    }

    /** Round times 10..50 (odd count): median 30, IQR by type-7 quantiles 20..40, factor 60/30. */
    @Test
    void factorAndSpreadFromRoundTimes() {
        Calibration c = Calibrator.fromRoundTimes(new long[] {50, 10, 30, 20, 40}, 60, "ref");
        assertThat(c.factor()).isEqualTo(2.0);
        assertThat(c.medianRoundNanos()).isEqualTo(30);
        assertThat(c.minRoundNanos()).isEqualTo(10);
        assertThat(c.maxRoundNanos()).isEqualTo(50);
        assertThat(c.relativeSpread()).isCloseTo(20.0 / 30.0, within(1e-12));
        assertThat(c.rounds()).isEqualTo(5);
    }

    @Test
    void measuresThisMachine() {
        Calibration c = Calibrator.measure(1, 3);
        assertThat(c.rounds()).isEqualTo(3);
        assertThat(c.factor()).isPositive();
        assertThat(c.minRoundNanos()).isLessThanOrEqualTo(c.medianRoundNanos());
        assertThat(c.describe()).startsWith("factor ").contains("3 rounds");
        assertThat(Calibrator.current()).isSameAs(Calibrator.current());
    }

    @Test
    void rejectsNoRounds() {
        assertThatThrownBy(() -> Calibrator.measure(0, 0))
                .hasMessage("rounds must be warm-up >= 0 and measured >= 1: 0, 0");
    }
}
