package dev.bitnet.perf.compare;

import dev.bitnet.perf.sample.Direction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

@DisplayName("Severity thresholds of the original project")
class SeverityThresholdsTests {
    @ParameterizedTest(name = "{0} {1}% -> {2}")
    @CsvSource({
        "tokens_per_second, -15.0, CRITICAL",
        "tokens_per_second, -14.9, WARNING",
        "tokens_per_second, -8.0, WARNING",
        "tokens_per_second, -7.9, STABLE",
        "tokens_per_second, 4.9, STABLE",
        "tokens_per_second, 5.0, IMPROVEMENT",
        "latency_ms, 25.0, CRITICAL",
        "latency_ms, 24.9, WARNING",
        "latency_ms, 15.0, WARNING",
        "latency_ms, 14.9, STABLE",
        "latency_ms, -5.0, IMPROVEMENT",
        "latency_ms, -4.9, STABLE",
        "memory_usage_mb, 20.0, CRITICAL",
        "memory_usage_mb, 10.0, WARNING",
        "memory_usage_mb, 9.9, STABLE",
        "memory_usage_mb, -5.0, IMPROVEMENT",
        "throughput_ops, -16, CRITICAL",
        "peak_rss_mb, 21, CRITICAL",
        "cpu_time_ms, 16, WARNING",
    })
    void classifiesSignificantChanges(String metric, double changePercent, Severity expected) {
        MetricPolicy policy = MetricPolicy.defaultFor(metric);
        assertThat(policy.thresholds().classify(policy.direction(), changePercent, true)).isEqualTo(expected);
    }

    @Test
    void insignificantChangeIsAlwaysStable() {
        MetricPolicy latency = MetricPolicy.defaultFor("latency_ms");
        assertThat(latency.thresholds().classify(latency.direction(), 80, false)).isEqualTo(Severity.STABLE);
    }

    @Test
    void unknownMetricsGuessDirectionFromTheName() {
        assertThat(MetricPolicy.defaultFor("requests_per_second").direction()).isEqualTo(Direction.HIGHER_IS_BETTER);
        assertThat(MetricPolicy.defaultFor("heap_mb").thresholds()).isEqualTo(MetricPolicy.MEMORY_DEFAULTS);
        assertThat(MetricPolicy.defaultFor("startup_ms").thresholds()).isEqualTo(MetricPolicy.LATENCY_DEFAULTS);
    }

    @Test
    void rejectsWarningAboveCritical() {
        assertThatThrownBy(() -> new SeverityThresholds(10, 12, 5))
                .hasMessage("warningPercent must not exceed criticalPercent: 12.0 > 10.0");
        assertThatThrownBy(() -> new SeverityThresholds(Double.NaN, 12, 5))
                .hasMessage("criticalPercent must be a positive finite number: NaN");
    }
}
