package dev.bitnet.perf.compare;

import dev.bitnet.perf.sample.Direction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Comparison against a baseline")
class BaselineComparatorTests {
    private final BaselineComparator comparator = new BaselineComparator(ComparisonSettings.defaults());

    @Test
    @DisplayName("a clear 30% latency rise is a critical regression")
    void clearRegressionIsCritical() {
        double[] baseline = {10.0, 10.2, 9.9, 10.1, 10.05, 9.95, 10.1, 10.0};
        double[] current = {13.0, 13.1, 12.9, 13.2, 13.05, 12.95, 13.0, 13.1};
        MetricComparison result = comparator.compare(MetricPolicy.defaultFor("latency_ms"), baseline, current);
        assertThat(result.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(result.significant()).isTrue();
        assertThat(result.regression()).isTrue();
        assertThat(result.changePercent()).isCloseTo(30.0, within(1.0));
        assertThat(result.interval().low()).isGreaterThan(25.0);
        assertThat(result.test()).isEqualTo(SignificanceTest.MANN_WHITNEY);
        // ties (10.0, 10.1, 13.0, 13.1 twice each): tie-corrected normal approximation with continuity correction;
        // scipy.stats.mannwhitneyu(b, c, method="asymptotic", use_continuity=True) gives 0.0009068567509923489
        assertThat(result.pValue()).isCloseTo(9.068567509923489e-4, within(1e-12));
        assertThat(result.welchP()).isLessThan(1e-6);
        assertThat(result.hedgesG()).isGreaterThan(10);
        assertThat(result.cliffsDelta()).isEqualTo(1.0);
        assertThat(result.summaryLine()).startsWith("latency_ms: mean 13.04 vs baseline 10.04 (+29.9%, 95% CI of median change [")
                .endsWith("): critical");
    }

    @Test
    @DisplayName("a tokens/s drop of 10% is a warning, a rise of 10% an improvement")
    void throughputDirection() {
        double[] baseline = {100, 101, 99, 100.5, 99.5, 100.2};
        double[] slower = {90, 90.8, 89.2, 90.4, 89.6, 90.1};
        double[] faster = {110, 111, 109, 110.5, 109.5, 110.2};
        MetricPolicy tps = MetricPolicy.defaultFor("tokens_per_second");
        assertThat(comparator.compare(tps, baseline, slower).severity()).isEqualTo(Severity.WARNING);
        assertThat(comparator.compare(tps, baseline, faster).severity()).isEqualTo(Severity.IMPROVEMENT);
    }

    @Test
    @DisplayName("a significant change inside the noise band is stable")
    void tinyChangeWithinNoiseBandIsNotSignificant() {
        SplittableRandom random = new SplittableRandom(5);
        double[] baseline = BootstrapTests.randomSample(random, 200, 100);
        double[] current = BootstrapTests.randomSample(random, 200, 101);
        MetricComparison result = comparator.compare(MetricPolicy.defaultFor("latency_ms"), baseline, current);
        assertThat(result.pValue()).isLessThan(0.05);
        assertThat(result.significant()).isFalse();
        assertThat(result.severity()).isEqualTo(Severity.STABLE);
        assertThat(result.sentence()).isEqualTo("Change within noise threshold.");
    }

    @Test
    @DisplayName("one huge outlier moves the mean but not the verdict")
    void outlierDoesNotCryWolf() {
        double[] baseline = {10.0, 10.2, 9.9, 10.1, 10.05, 9.95, 10.1, 10.0};
        double[] current = {10.1, 10.0, 9.9, 10.2, 10.05, 9.95, 10.1, 40.0};
        MetricComparison result = comparator.compare(MetricPolicy.defaultFor("latency_ms"), baseline, current);
        assertThat(result.changePercent()).isGreaterThan(25);
        assertThat(result.severity()).isEqualTo(Severity.STABLE);
        assertThat(result.significant()).isFalse();
    }

    @Test
    @DisplayName("a wide, uncertain difference from a handful of noisy samples is not significant")
    void fewNoisySamples() {
        double[] baseline = {10, 14, 8};
        double[] current = {12, 16, 9};
        MetricComparison result = comparator.compare(MetricPolicy.defaultFor("latency_ms"), baseline, current);
        assertThat(result.significant()).isFalse();
        assertThat(result.severity()).isEqualTo(Severity.STABLE);
    }

    @Test
    void singleSamplesCannotBeDecided() {
        MetricComparison result = comparator.compare(MetricPolicy.defaultFor("latency_ms"), new double[] {10}, new double[] {20});
        assertThat(result.severity()).isEqualTo(Severity.STABLE);
        assertThat(result.pValue()).isNaN();
        assertThat(result.note()).isEqualTo("too few samples (1 baseline, 1 current; at least 2 each are needed)");
        assertThat(result.sentence()).startsWith("No decision: too few samples");
    }

    @Test
    @DisplayName("one stalled iteration in the baseline does not hide a 10% shift of all other values (it would from Welch's t-test)")
    void baselineOutlierDoesNotHideAShift() {
        SplittableRandom random = new SplittableRandom(42);
        double[] baseline = new double[15];
        double[] current = new double[15];
        for (int i = 0; i < 15; i++) {
            baseline[i] = 10.0 * (1 + 0.01 * random.nextGaussian());
            current[i] = 11.0 * (1 + 0.01 * random.nextGaussian());
        }
        baseline[6] = 120.0; // a 110 ms stall (a page-in, a descheduled thread) in the recorded baseline
        MetricPolicy policy = MetricPolicy.defaultFor("latency_ms");
        MetricComparison robust = comparator.compare(policy, baseline, current);
        assertThat(robust.medianChangePercent()).isCloseTo(10.0, within(1.5));
        assertThat(robust.interval().low()).isGreaterThan(robust.noiseBandPercent());
        assertThat(robust.pValue()).isEqualTo(robust.mannWhitneyP()).isLessThan(0.001);
        assertThat(robust.welchP()).isGreaterThan(0.3); // the stall inflates the baseline's variance: Welch sees nothing
        assertThat(robust.significant()).isTrue();
        assertThat(robust.regression()).isTrue();
        MetricComparison welch = new BaselineComparator(ComparisonSettings.defaults().withTest(SignificanceTest.WELCH))
                .compare(policy, baseline, current);
        assertThat(welch.significant()).isFalse();
    }

    @Test
    void selectedTestProvidesThePValue() {
        double[] a = TwoSampleTestsTests.A1;
        double[] b = TwoSampleTestsTests.A2;
        MetricPolicy policy = MetricPolicy.defaultFor("latency_ms");
        ComparisonSettings defaults = ComparisonSettings.defaults();
        assertThat(new BaselineComparator(defaults).compare(policy, a, b).pValue()).isEqualTo(TwoSampleTests.mannWhitneyP(a, b));
        assertThat(new BaselineComparator(defaults.withTest(SignificanceTest.WELCH)).compare(policy, a, b).pValue())
                .isEqualTo(TwoSampleTests.welchP(a, b));
        assertThat(new BaselineComparator(defaults.withTest(SignificanceTest.STUDENT)).compare(policy, a, b).pValue())
                .isEqualTo(TwoSampleTests.studentP(a, b));
        assertThat(new BaselineComparator(defaults.withTest(SignificanceTest.MANN_WHITNEY)).compare(policy, a, b).pValue())
                .isEqualTo(TwoSampleTests.mannWhitneyP(a, b));
    }

    @Test
    void rejectsBadSamplesNamingMetricAndIndex() {
        MetricPolicy policy = MetricPolicy.defaultFor("latency_ms");
        assertThatThrownBy(() -> comparator.compare(policy, new double[] {1, 2}, new double[] {1, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("current samples of metric 'latency_ms' must be finite and non-negative but sample [1] was: NaN");
        assertThatThrownBy(() -> comparator.compare(policy, new double[] {}, new double[] {1}))
                .hasMessage("baseline samples of metric 'latency_ms' must not be empty");
        assertThatThrownBy(() -> comparator.compare(policy, new double[] {-1, 2}, new double[] {1}))
                .hasMessage("baseline samples of metric 'latency_ms' must be finite and non-negative but sample [0] was: -1.0");
        MetricComparison zero = comparator.compare(MetricPolicy.defaultFor("gc_count"), new double[] {0, 0}, new double[] {1, 1});
        assertThat(zero.severity()).isEqualTo(Severity.STABLE);
        assertThat(zero.note()).isEqualTo("baseline median is zero, so no relative change exists");
    }

    @Test
    void settingsValidateTheirFields() {
        assertThatThrownBy(() -> ComparisonSettings.defaults().withAlpha(1.5)).hasMessage("alpha must lie in (0, 1): 1.5");
        assertThatThrownBy(() -> ComparisonSettings.defaults().withNoiseBandPercent(-1))
                .hasMessage("noiseBandPercent must be a finite number of zero or more: -1.0");
        assertThat(SignificanceTest.parse("Mann_Whitney")).isEqualTo(SignificanceTest.MANN_WHITNEY);
        assertThatThrownBy(() -> SignificanceTest.parse("z"))
                .hasMessage("significance test must be one of [welch, student, mann-whitney] but was: z");
    }
}
