package dev.bitnet.perf.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitnet.perf.compare.SignificanceTest;
import dev.bitnet.perf.env.TestFingerprints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BaselineSettingsTests {
    private static BaselineSettings settings(Map<String, String> parameters) {
        return BaselineSettings.from(key -> Optional.ofNullable(parameters.get(key)), TestFingerprints.epyc2());
    }

    @Test
    void defaultsFollowTheEnvironment() {
        BaselineSettings defaults = settings(Map.of(BaselineSettings.DIRECTORY_KEY, "/tmp/b"));
        assertThat(defaults.update()).isFalse();
        assertThat(defaults.compare()).isTrue();
        assertThat(defaults.remeasure()).isTrue();
        assertThat(defaults.directory()).isEqualTo(Path.of("/tmp/b"));
        assertThat(defaults.comparison().noiseBandPercent()).isEqualTo(3.0); // 2 usable CPUs
        assertThat(defaults.adaptive().targetHalfWidthPercent()).isEqualTo(3.75);
        assertThat(defaults.judgedMetrics()).isEqualTo(BaselineSettings.DEFAULT_JUDGED_METRICS);
        assertThat(defaults.warnings()).isEmpty();
    }

    @Test
    void readsEveryKey() {
        BaselineSettings s = settings(Map.ofEntries(Map.entry("perf.baseline.update", ""), Map.entry("perf.baseline.failOnWarning", "true"),
                Map.entry("perf.compare.alpha", "0.01"), Map.entry("perf.compare.noiseBandPercent", "1.5"),
                Map.entry("perf.compare.test", "welch"), Map.entry("perf.adaptive.budgetSeconds", "2.5"),
                Map.entry("perf.adaptive.maxSamples", "40"), Map.entry("perf.baseline.metrics", "latency_ms, cpu_time_ms"),
                Map.entry("perf.baseline.remeasure", "false")));
        assertThat(s.update()).isTrue();
        assertThat(s.failOnWarning()).isTrue();
        assertThat(s.remeasure()).isFalse();
        assertThat(s.comparison().alpha()).isEqualTo(0.01);
        assertThat(s.comparison().noiseBandPercent()).isEqualTo(1.5);
        assertThat(s.comparison().test()).isEqualTo(SignificanceTest.WELCH);
        assertThat(s.adaptive().budget()).isEqualTo(Duration.ofMillis(2500));
        assertThat(s.adaptive().maxSamples()).isEqualTo(40);
        assertThat(s.judgedMetrics()).containsExactly("latency_ms", "cpu_time_ms");
    }

    @Test
    void invalidValuesWarnAndFallBack() {
        BaselineSettings s = settings(Map.of("perf.compare.alpha", "5", "perf.baseline.update", "yes", "perf.compare.test", "z",
                "perf.baseline.metrics", "latency, cpu_time_ms", "perf.adaptive.maxSamples", "2.5"));
        assertThat(s.comparison().alpha()).isEqualTo(0.05);
        assertThat(s.update()).isFalse();
        assertThat(s.judgedMetrics()).isEqualTo(BaselineSettings.DEFAULT_JUDGED_METRICS);
        assertThat(s.warnings()).containsExactlyInAnyOrder(
                "Ignored invalid value '5' set via the 'perf.compare.alpha' configuration parameter. Expected a number in (0, 1); using 0.05.",
                "Ignored invalid value 'yes' set via the 'perf.baseline.update' configuration parameter. Expected true or false; using false.",
                "Ignored invalid value 'z' set via the 'perf.compare.test' configuration parameter. Expected one of [welch, student, mann-whitney].",
                "Ignored invalid value 'latency, cpu_time_ms' set via the 'perf.baseline.metrics' configuration parameter. Expected canonical"
                        + " metric names such as latency_ms; unknown: [latency].",
                "Ignored invalid value '2.5' set via the 'perf.adaptive.maxSamples' configuration parameter. Expected a whole number of at"
                        + " least 2; using 200.0.");
    }
}
