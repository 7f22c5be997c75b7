package dev.bitnet.perf.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdaptiveSamplingTests {
    private final AdaptiveSampling sampling = new AdaptiveSampling(2.5, Duration.ofSeconds(10), 50);

    /** For {1, 2, 3}: mean 2, s = 1, t(0.975, 2) = 4.302653 (tables), half-width 4.302653/sqrt(3) = 2.48414, i.e. 124.2%. */
    @Test
    void relativeHalfWidthMatchesTheTextbookInterval() {
        assertThat(AdaptiveSampling.relativeHalfWidthPercent(new double[] {1, 2, 3})).isCloseTo(124.207, within(1e-3));
        assertThat(AdaptiveSampling.relativeHalfWidthPercent(new double[] {1})).isInfinite();
    }

    @Test
    void decides() {
        double[] tight = {100, 100.5, 99.5, 100.2, 99.8};
        double[] wide = {100, 130, 70, 120, 80};
        assertThat(sampling.decide(tight, Duration.ofSeconds(1))).isEqualTo(AdaptiveSampling.Decision.PRECISE);
        assertThat(sampling.decide(wide, Duration.ofSeconds(1))).isEqualTo(AdaptiveSampling.Decision.CONTINUE);
        assertThat(sampling.decide(wide, Duration.ofSeconds(10))).isEqualTo(AdaptiveSampling.Decision.NOISY);
    }

    @Test
    void validates() {
        assertThatThrownBy(() -> new AdaptiveSampling(0, Duration.ofSeconds(1), 10))
                .hasMessage("targetHalfWidthPercent must be a positive finite number: 0.0");
        assertThatThrownBy(() -> new AdaptiveSampling(1, Duration.ZERO, 10)).hasMessage("budget must be positive: PT0S");
    }
}
