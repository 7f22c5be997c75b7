package dev.bitnet.perf.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Regression protocol")
class RegressionProtocolTests {
    static final Map<String, double[]> BASELINE = Map.of("latency_ms", around(10, 0.01, 1));
    static final AdaptiveSampling ADAPTIVE = new AdaptiveSampling(2.5, Duration.ofSeconds(5), 60);

    /** 15 seeded values around {@code centre} with relative spread {@code spread} (about one standard deviation). */
    static double[] around(double centre, double spread, long seed) {
        return scaled(BootstrapTests.randomSample(new SplittableRandom(seed), 15, 1.0), centre, spread);
    }

    private static double[] scaled(double[] unit, double centre, double spread) {
        double[] out = new double[unit.length];
        for (int i = 0; i < unit.length; i++) {
            out[i] = centre * (1 + (unit[i] - 1) * spread / 0.02);
        }
        return out;
    }

    /** A sampler that hands out prepared rounds and counts the calls. */
    static final class Rounds implements RegressionProtocol.Sampler {
        final Deque<double[]> queue = new ArrayDeque<>();
        int calls;

        Rounds then(double[] values) {
            queue.add(values);
            return this;
        }

        @Override
        public Map<String, double[]> sampleRound() {
            calls++;
            return Map.of("latency_ms", queue.isEmpty() ? around(10, 0.01, 99 + calls) : queue.poll());
        }
    }

    private static RegressionProtocol protocol(boolean adaptive, boolean remeasure) {
        return new RegressionProtocol(ComparisonSettings.defaults(), ADAPTIVE, adaptive, remeasure);
    }

    @Test
    @DisplayName("a critical first round that is stable when measured again is reported stable, with both rounds")
    void transientCriticalIsNotConfirmed() {
        Rounds sampler = new Rounds().then(around(10.05, 0.01, 3));
        RegressionProtocol.Outcome outcome = protocol(false, true).judge(BASELINE, Map.of("latency_ms", around(14, 0.01, 2)),
                Duration.ofMillis(10), sampler);
        RegressionProtocol.MetricVerdict verdict = outcome.verdicts().get(0);
        assertThat(verdict.first().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(verdict.rounds()).hasSize(2);
        assertThat(verdict.last().severity()).isEqualTo(Severity.STABLE);
        assertThat(verdict.severity()).isEqualTo(Severity.STABLE);
        assertThat(verdict.diagnosis()).isEqualTo("critical in the first round but stable when measured again; reported as stable");
        assertThat(outcome.remeasured()).isTrue();
        assertThat(sampler.calls).isEqualTo(1);
    }

    @Test
    void confirmedCriticalStaysCritical() {
        Rounds sampler = new Rounds().then(around(14.2, 0.01, 5));
        RegressionProtocol.Outcome outcome = protocol(false, true).judge(BASELINE, Map.of("latency_ms", around(14, 0.01, 4)),
                Duration.ofMillis(10), sampler);
        assertThat(outcome.anyCritical()).isTrue();
        assertThat(outcome.verdicts().get(0).diagnosis()).isEqualTo("critical in both rounds (measured again to confirm)");
    }

    @Test
    void withoutRemeasureTheFirstRoundDecides() {
        Rounds sampler = new Rounds();
        RegressionProtocol.Outcome outcome = protocol(false, false).judge(BASELINE, Map.of("latency_ms", around(14, 0.01, 4)),
                Duration.ofMillis(10), sampler);
        assertThat(outcome.anyCritical()).isTrue();
        assertThat(sampler.calls).isZero();
    }

    @Test
    @DisplayName("a wide, undecided first round is extended until the comparison decides")
    void adaptiveSamplingExtendsAWideRound() {
        Rounds sampler = new Rounds();
        double[] wide = {10, 14, 7, 12, 8};
        RegressionProtocol.Outcome outcome = protocol(true, true).judge(BASELINE, Map.of("latency_ms", wide), Duration.ofMillis(10), sampler);
        assertThat(outcome.adaptiveRounds()).isGreaterThanOrEqualTo(1);
        assertThat(outcome.samples().get("latency_ms").length).isEqualTo(5 + 15 * outcome.adaptiveRounds());
        // it stopped because the comparison decided: the interval of the change now lies inside the noise band
        MetricComparison last = outcome.verdicts().get(0).last();
        assertThat(last.interval().low()).isGreaterThanOrEqualTo(-last.noiseBandPercent());
        assertThat(last.interval().high()).isLessThanOrEqualTo(last.noiseBandPercent());
        assertThat(outcome.verdicts().get(0).noisy()).isFalse();
        assertThat(outcome.verdicts().get(0).severity()).isEqualTo(Severity.STABLE);
    }

    @Test
    @DisplayName("a round whose mean is precise but whose median jumps between two modes is extended until the change is decided")
    void bimodalRoundIsExtended() {
        // 8 iterations as fast as the baseline, 7 slowed by 8% (a neighbour on the machine for part of the round)
        double[] twoModes = new double[15];
        for (int i = 0; i < 15; i++) {
            twoModes[i] = (i % 2 == 0 ? 10.0 : 10.8) * (1 + 0.001 * (i - 7));
        }
        assertThat(AdaptiveSampling.relativeHalfWidthPercent(twoModes)).isLessThan(ADAPTIVE.targetHalfWidthPercent());
        MetricComparison alone = new BaselineComparator(ComparisonSettings.defaults()).compare(MetricPolicy.defaultFor("latency_ms"),
                BASELINE.get("latency_ms"), twoModes);
        assertThat(alone.significant()).isFalse();
        assertThat(alone.interval().high()).isGreaterThan(alone.noiseBandPercent()); // undecided: not inside the band either
        assertThat(RegressionProtocol.changeHalfWidthPercent(alone)).isGreaterThan(ADAPTIVE.targetHalfWidthPercent());

        Rounds sampler = new Rounds().then(around(10.8, 0.01, 5)).then(around(10.8, 0.01, 6));
        RegressionProtocol.Outcome outcome = protocol(true, false).judge(BASELINE, Map.of("latency_ms", twoModes), Duration.ofMillis(10),
                sampler);
        assertThat(outcome.adaptiveRounds()).isBetween(1, 2);
        RegressionProtocol.MetricVerdict verdict = outcome.verdicts().get(0);
        assertThat(verdict.noisy()).isFalse();
        assertThat(verdict.first().regression()).isTrue();
        assertThat(verdict.first().medianChangePercent()).isCloseTo(8.0, org.assertj.core.api.Assertions.within(0.5));
    }

    @Test
    @DisplayName("no rounds are spent, and nothing is called noisy, when the baseline's own spread is what leaves the change undecided")
    void baselineLimitedComparisonIsNotExtended() {
        // a baseline recorded while a neighbour slowed every other iteration by 20%: its median is 10 or 12 in resamples
        double[] twoModeBaseline = new double[15];
        for (int i = 0; i < 15; i++) {
            twoModeBaseline[i] = (i % 2 == 0 ? 10.0 : 12.0) * (1 + 0.001 * (i - 7));
        }
        Rounds sampler = new Rounds();
        RegressionProtocol.Outcome outcome = protocol(true, true).judge(Map.of("latency_ms", twoModeBaseline),
                Map.of("latency_ms", around(10.9, 0.01, 4)), Duration.ofMillis(10), sampler);
        RegressionProtocol.MetricVerdict verdict = outcome.verdicts().get(0);
        assertThat(RegressionProtocol.changeHalfWidthPercent(verdict.first())).isGreaterThan(ADAPTIVE.targetHalfWidthPercent());
        assertThat(verdict.first().significant()).isFalse();
        assertThat(sampler.calls).isZero();
        assertThat(verdict.noisy()).isFalse();
        assertThat(verdict.severity()).isEqualTo(Severity.STABLE);
        assertThat(verdict.diagnosis()).startsWith("undecided: the baseline's own spread (its 95% interval of the mean ±")
                .endsWith("record the baseline again on a quiet machine");
        // the same current run against a tight baseline is decided without help
        RegressionProtocol.Outcome tight = protocol(true, true).judge(BASELINE, Map.of("latency_ms", around(10.9, 0.01, 4)),
                Duration.ofMillis(10), new Rounds());
        assertThat(tight.verdicts().get(0).first().regression()).isTrue();
        assertThat(tight.verdicts().get(0).diagnosis()).isEmpty();
    }

    @Test
    @DisplayName("a precise sample whose change sits on the band's edge is sampled to the budget and reported undecided, not noisy")
    void changeOnTheBandEdgeIsUndecided() {
        RegressionProtocol protocol = protocol(true, false);
        assertThat(protocol.changeTargetHalfWidthPercent(2.0)).isEqualTo(1.0); // half the band, below the 2.5% target
        assertThat(protocol.changeTargetHalfWidthPercent(10.0)).isEqualTo(2.5);
        assertThat(protocol.changeTargetHalfWidthPercent(0.0)).isEqualTo(2.5);
        long[] seed = {20};
        // a baseline known to ±0.05%, so that only the current sample's spread (4%) keeps the change near +2% undecided
        Map<String, double[]> preciseBaseline = Map.of("latency_ms", around(10, 0.0005, 1));
        RegressionProtocol.Sampler onTheEdge = () -> Map.of("latency_ms", around(10.33, 0.04, seed[0]++)); // about +2% = the band's edge
        RegressionProtocol.Outcome outcome = protocol.judge(preciseBaseline, Map.of("latency_ms", around(10.33, 0.04, 19)),
                Duration.ofMillis(10), onTheEdge);
        RegressionProtocol.MetricVerdict verdict = outcome.verdicts().get(0);
        assertThat(outcome.samples().get("latency_ms")).hasSize(60); // ADAPTIVE's sample limit
        assertThat(AdaptiveSampling.relativeHalfWidthPercent(outcome.samples().get("latency_ms"))).isLessThan(ADAPTIVE.targetHalfWidthPercent());
        assertThat(verdict.noisy()).isFalse();
        assertThat(verdict.severity()).isEqualTo(Severity.STABLE);
        assertThat(verdict.diagnosis()).startsWith("undecided: after 60 samples the interval of the median's change [")
                .endsWith("] still crosses the edge of the noise band ±2.0%");
    }

    @Test
    @DisplayName("a re-measurement too noisy to decide is extended like the first round, so a real critical change is confirmed")
    void remeasureRoundIsExtended() {
        double[] noisyFresh = {5, 15, 6, 14, 10, 9};
        // with adaptive sampling the fresh round grows until it decides: critical again
        Rounds sampler = new Rounds().then(noisyFresh).then(around(14, 0.01, 11)).then(around(14, 0.01, 12));
        RegressionProtocol.Outcome outcome = protocol(true, true).judge(BASELINE, Map.of("latency_ms", around(14, 0.01, 2)),
                Duration.ofMillis(10), sampler);
        RegressionProtocol.MetricVerdict verdict = outcome.verdicts().get(0);
        assertThat(outcome.adaptiveRounds()).isZero();
        assertThat(outcome.remeasured()).isTrue();
        assertThat(verdict.rounds()).hasSize(2);
        assertThat(verdict.last().currentCount()).isGreaterThan(noisyFresh.length);
        assertThat(verdict.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(verdict.diagnosis()).isEqualTo("critical in both rounds (measured again to confirm)");
        assertThat(outcome.samples().get("latency_ms")).hasSize(15); // re-measured values never join the first round

        // without adaptive sampling the one noisy fresh round cannot confirm it, and the milder verdict stands
        RegressionProtocol.Outcome single = protocol(false, true).judge(BASELINE, Map.of("latency_ms", around(14, 0.01, 2)),
                Duration.ofMillis(10), new Rounds().then(noisyFresh));
        assertThat(single.verdicts().get(0).last().currentCount()).isEqualTo(noisyFresh.length);
        assertThat(single.verdicts().get(0).severity()).isNotEqualTo(Severity.CRITICAL);
    }

    @Test
    @DisplayName("a sample that stays wide until the budget ends is a noisy environment, never a regression")
    void noisyEnvironment() {
        double[] wide = {5, 15, 6, 14, 10, 9};
        RegressionProtocol.Sampler noisy = () -> Map.of("latency_ms", wide.clone());
        RegressionProtocol.Outcome outcome = protocol(true, true).judge(BASELINE, Map.of("latency_ms", wide.clone()),
                Duration.ofSeconds(1), noisy);
        RegressionProtocol.MetricVerdict verdict = outcome.verdicts().get(0);
        assertThat(verdict.noisy()).isTrue();
        assertThat(verdict.severity()).isEqualTo(Severity.STABLE);
        assertThat(verdict.diagnosis()).startsWith("noisy environment: the 95% interval of the mean stayed ±")
                .endsWith("(target ±2.5%) after 60 samples; no regression is reported");
    }

    @Test
    @DisplayName("a clear change needs no more samples however wide its spread, and a confirmed critical stands")
    void decidedComparisonsStopAdaptiveSampling() {
        Rounds sampler = new Rounds().then(new double[] {20, 60, 24, 50, 18, 80});
        RegressionProtocol.Outcome outcome = protocol(true, true).judge(BASELINE, Map.of("latency_ms", new double[] {20, 60, 24, 50, 18, 80}),
                Duration.ofMillis(10), sampler);
        assertThat(outcome.adaptiveRounds()).isZero();
        assertThat(outcome.verdicts().get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(sampler.calls).isEqualTo(1); // the re-measurement only
    }

    @Test
    void zeroMetricsDoNotDriveAdaptiveSampling() {
        Rounds sampler = new Rounds();
        Map<String, double[]> baseline = Map.of("latency_ms", around(10, 0.01, 1), "gc_count", new double[] {0, 0, 0});
        RegressionProtocol.Outcome outcome = protocol(true, true).judge(baseline,
                Map.of("latency_ms", around(10, 0.01, 7), "gc_count", new double[] {0, 1, 0}), Duration.ofMillis(10), sampler);
        assertThat(outcome.adaptiveRounds()).isZero();
        assertThat(outcome.verdicts()).extracting(RegressionProtocol.MetricVerdict::severity).containsOnly(Severity.STABLE);
    }

    @Test
    void missingMetricIsAnError() {
        assertThatThrownBy(() -> protocol(true, true).judge(BASELINE, Map.of("tokens_per_second", new double[] {1}), Duration.ZERO, new Rounds()))
                .hasMessage("the current run measured no values of metric 'latency_ms' which the baseline holds");
    }

    @Test
    void milderSeverity() {
        assertThat(RegressionProtocol.milder(Severity.CRITICAL, Severity.WARNING)).isEqualTo(Severity.WARNING);
        assertThat(RegressionProtocol.milder(Severity.CRITICAL, Severity.IMPROVEMENT)).isEqualTo(Severity.STABLE);
        assertThat(RegressionProtocol.milder(Severity.IMPROVEMENT, Severity.IMPROVEMENT)).isEqualTo(Severity.IMPROVEMENT);
    }
}
