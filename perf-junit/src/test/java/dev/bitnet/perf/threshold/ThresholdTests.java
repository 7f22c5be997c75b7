package dev.bitnet.perf.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.bitnet.perf.Statistic;
import dev.bitnet.perf.sample.Metric;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThresholdTests {

    final Threshold stated = Threshold.stated(Metric.LATENCY_MS, Statistic.MEDIAN, 0, Bound.AT_MOST, 5,
            "@LatencyAtMost on method [sorts()]");

    @Test
    void isJudgedAsStatedUntilDerived() {
        assertThat(stated.requiredValue()).isEqualTo(5);
        assertThat(stated.steps()).isEmpty();
        assertThat(stated.derivation()).isEqualTo("5 ms stated in @LatencyAtMost on method [sorts()]");
        assertThat(stated.requirement()).isEqualTo("latency_ms median ≤ 5 ms");
        assertThat(stated.isMetBy(5)).isTrue();
        assertThat(stated.isMetBy(5.0001)).isFalse();
        assertThat(stated.isMetBy(Double.NaN)).isFalse();
    }

    @Test
    void recordsEveryDerivationStepWithItsFactorAndValue() {
        Threshold derived = stated.scaled("environment scaling: 2 cores vs 16 of the reference", 1.8)
                .scaled("calibration factor 1.25", 1.25);
        assertThat(derived.requiredValue()).isEqualTo(5 * 1.8 * 1.25);
        assertThat(derived.steps()).extracting(DerivationStep::value).containsExactly(9.0, 11.25);
        assertThat(derived.derivation()).isEqualTo("5 ms stated in @LatencyAtMost on method [sorts()]"
                + " → × 1.8 (environment scaling: 2 cores vs 16 of the reference) → 9 ms"
                + " → × 1.25 (calibration factor 1.25) → 11.25 ms");
        assertThat(stated.steps()).as("thresholds are immutable").isEmpty();
    }

    @Test
    void derivesThroughAPluggableChainOfDerivers() {
        ThresholdDeriver scaleByCores = (t, context) ->
                t.scaled("cores " + context.environment().get("cpu.logicalCores"), 2);
        ThresholdDeriver calibrate = (t, context) -> t.scaled("calibration", 0.5);
        DerivationContext context = new DerivationContext("id", "C", "m()", Map.of("cpu.logicalCores", 2));
        Threshold derived = ThresholdDeriver.AS_STATED.andThen(scaleByCores).andThen(calibrate).derive(stated, context);
        assertThat(derived.steps()).extracting(DerivationStep::description).containsExactly("cores 2", "calibration");
        assertThat(derived.requiredValue()).isEqualTo(5);
        assertThat(ThresholdDeriver.AS_STATED.derive(stated, context)).isSameAs(stated);
    }

    @Test
    void atLeastBoundsCompareTheOtherWay() {
        Threshold rate = Threshold.stated(Metric.TOKENS_PER_SECOND, Statistic.PERCENTILE, 10, Bound.AT_LEAST, 50, "x");
        assertThat(rate.isMetBy(50)).isTrue();
        assertThat(rate.isMetBy(49.9)).isFalse();
        assertThat(rate.statisticLabel()).isEqualTo("p10");
        assertThat(rate.requirement()).isEqualTo("tokens_per_second p10 ≥ 50 tokens/s");
    }

    @Test
    void rejectsInvalidValuesAndFactors() {
        assertThatIllegalArgumentException().isThrownBy(() ->
                Threshold.stated(Metric.LATENCY_MS, Statistic.MEDIAN, 0, Bound.AT_MOST, 0, "x"))
                .withMessage("statedValue must be positive and finite: 0.0");
        assertThatIllegalArgumentException().isThrownBy(() ->
                Threshold.stated(Metric.LATENCY_MS, Statistic.MEDIAN, 0, Bound.AT_MOST, Double.NaN, "x"));
        assertThatIllegalArgumentException().isThrownBy(() ->
                Threshold.stated(Metric.LATENCY_MS, Statistic.PERCENTILE, 0, Bound.AT_MOST, 1, "x"));
        assertThatIllegalArgumentException().isThrownBy(() ->
                Threshold.stated(Metric.LATENCY_MS, Statistic.MEAN, 99, Bound.AT_MOST, 1, "x"));
        assertThatIllegalArgumentException().isThrownBy(() -> stated.scaled("bad", 0))
                .withMessage("factor must be positive and finite: 0.0");
        assertThatIllegalArgumentException().isThrownBy(() -> stated.scaled(" ", 2))
                .withMessage("description must not be blank");
    }

    @Test
    void formatsFiguresWithFourSignificantDigits() {
        assertThat(Threshold.format(5)).isEqualTo("5");
        assertThat(Threshold.format(0.0012346)).isEqualTo("0.001235");
        assertThat(Threshold.format(1234.5678)).isEqualTo("1235");
        assertThat(Threshold.format(4.2)).isEqualTo("4.2");
        assertThat(Threshold.format(Double.NaN)).isEqualTo("NaN");
    }
}
