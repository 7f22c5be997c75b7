package dev.bitnet.perf.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.bitnet.perf.Statistic;
import dev.bitnet.perf.calibration.Calibration;
import dev.bitnet.perf.env.EnvironmentFingerprint;
import dev.bitnet.perf.env.TestFingerprints;
import dev.bitnet.perf.sample.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Environment-derived thresholds")
class EnvironmentThresholdDeriverTests {
    static final Calibration SLOWER_HALF = new Calibration(0.5, 2_800_000, 2_700_000, 3_000_000, 0.02, 21, 1_400_000, "ref");
    static final Threshold TOKENS = Threshold.stated(Metric.TOKENS_PER_SECOND, Statistic.MEDIAN, 0, Bound.AT_LEAST, 100,
            "@TokensPerSecondAtLeast on method [decode()]");
    static final Threshold LATENCY = Threshold.stated(Metric.LATENCY_MS, Statistic.PERCENTILE, 99, Bound.AT_MOST, 10,
            "@LatencyAtMost on method [decode()]");
    static final DerivationContext PLAIN = new DerivationContext("[engine:junit-jupiter]/[class:x.PlainTests]/[method:decode()]",
            "x.PlainTests", "decode()", Map.of());

    @Test
    @DisplayName("calibration scales throughput floors by the factor and latency ceilings by its inverse, and says so")
    void calibrationScalesSpeedMetrics() {
        Threshold tokens = EnvironmentThresholdDeriver.calibrate(TOKENS, SLOWER_HALF);
        Threshold latency = EnvironmentThresholdDeriver.calibrate(LATENCY, SLOWER_HALF);
        assertThat(tokens.requiredValue()).isEqualTo(50.0);
        assertThat(latency.requiredValue()).isEqualTo(20.0);
        assertThat(tokens.derivation()).startsWith("100 tokens/s stated in @TokensPerSecondAtLeast on method [decode()] → × 0.5 (calibration: this"
                + " machine runs the reference workload at 0.500 × the reference machine's speed").endsWith("→ 50 tokens/s");
        Threshold memory = Threshold.stated(Metric.PEAK_RSS_MB, Statistic.MAX, 0, Bound.AT_MOST, 500, "x");
        assertThat(EnvironmentThresholdDeriver.calibrate(memory, SLOWER_HALF)).isEqualTo(memory);
    }

    @Test
    @DisplayName("only tests marked @StatedForReferenceMachine are calibrated, unless calibrate=true")
    void annotationSelectsCalibration() {
        EnvironmentThresholdDeriver deriver = new EnvironmentThresholdDeriver(TestFingerprints.epyc2(), () -> SLOWER_HALF,
                ThresholdOverrides.none(), false);
        assertThat(deriver.derive(TOKENS, PLAIN).requiredValue()).isEqualTo(100.0);
        DerivationContext marked = new DerivationContext("id", MarkedTestCase.class.getName(), "decode()", Map.of());
        assertThat(deriver.derive(TOKENS, marked).requiredValue()).isEqualTo(50.0);
        DerivationContext markedMethod = new DerivationContext("id", MethodMarkedTestCase.class.getName(), "decode(int, String)", Map.of());
        assertThat(deriver.derive(TOKENS, markedMethod).requiredValue()).isEqualTo(50.0);
        DerivationContext otherMethod = new DerivationContext("id", MethodMarkedTestCase.class.getName(), "other()", Map.of());
        assertThat(deriver.derive(TOKENS, otherMethod).requiredValue()).isEqualTo(100.0);
        EnvironmentThresholdDeriver all = new EnvironmentThresholdDeriver(TestFingerprints.epyc2(), () -> SLOWER_HALF,
                ThresholdOverrides.none(), true);
        assertThat(all.derive(TOKENS, PLAIN).requiredValue()).isEqualTo(50.0);
    }

    @Test
    @DisplayName("the first matching override applies after calibration, with its predicates in the chain")
    void overridesApplyByPredicate(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("perf-overrides.json");
        Files.writeString(file, "{\"schemaVersion\":1,\"overrides\":["
                + "{\"when\":[\"gpu=true\"],\"metric\":\"tokens_per_second\",\"value\":400},"
                + "{\"when\":[\"cores<=2\",\"class=amd-epyc-*\"],\"test\":\"x.Plain*\",\"metric\":\"tokens_per_second\",\"factor\":0.8,"
                + "\"reason\":\"small runners\"},"
                + "{\"metric\":\"latency_ms\",\"statistic\":\"p99\",\"value\":25}]}");
        ThresholdOverrides overrides = ThresholdOverrides.read(file);
        EnvironmentThresholdDeriver small = new EnvironmentThresholdDeriver(TestFingerprints.epyc2(), () -> SLOWER_HALF, overrides, false);
        Threshold tokens = small.derive(TOKENS, PLAIN);
        assertThat(tokens.requiredValue()).isCloseTo(80.0, within(1e-9));
        assertThat(tokens.derivation()).contains("override perf-overrides.json overrides[1] when [cores<=2, class=amd-epyc-*]: small runners");
        assertThat(small.derive(LATENCY, PLAIN).requiredValue()).isCloseTo(25.0, within(1e-9));
        EnvironmentThresholdDeriver gpu = new EnvironmentThresholdDeriver(TestFingerprints.gpuBox(), () -> SLOWER_HALF, overrides, true);
        assertThat(gpu.derive(TOKENS, PLAIN).requiredValue()).isCloseTo(400.0, within(1e-9));
        assertThat(gpu.derive(TOKENS, PLAIN).steps()).hasSize(2); // calibration, then the override
    }

    @Test
    void badOverridesFilesNameFileAndEntry(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("o.json");
        Files.writeString(file, "{\"overrides\":[{\"metric\":\"latency_ms\",\"value\":1},{\"when\":[\"cpus>=8\"],\"metric\":\"latency_ms\",\"value\":1}]}");
        assertThatThrownBy(() -> ThresholdOverrides.read(file))
                .hasMessageStartingWith("Overrides file [" + file + "] entry 'overrides[1]' field 'when': predicate 'cpus>=8' has an unknown key");
        Files.writeString(file, "{\"overrides\":[{\"metric\":\"latency_ms\",\"value\":1,\"factor\":2}]}");
        assertThatThrownBy(() -> ThresholdOverrides.read(file))
                .hasMessage("Overrides file [" + file + "] o.json overrides[0] must set exactly one of 'value' and 'factor'.");
        Files.writeString(file, "{\"overrides\":[{\"metric\":\"latency\",\"value\":1}]}");
        assertThatThrownBy(() -> ThresholdOverrides.read(file)).hasMessageContaining("field 'metric' must be a canonical metric name");
        Files.writeString(file, "{\"overrides\":[{\"metric\":\"latency_ms\",\"valeu\":1}]}");
        assertThatThrownBy(() -> ThresholdOverrides.read(file)).hasMessageContaining("has unknown field 'valeu'");
        Files.writeString(file, "{\"overrides\":[");
        assertThatThrownBy(() -> ThresholdOverrides.read(file)).hasMessageStartingWith("Overrides file [" + file + "] is not valid JSON");
        assertThat(Files.readString(file)).isEqualTo("{\"overrides\":[");
    }

    @Test
    void predicates() {
        EnvironmentFingerprint epyc = TestFingerprints.epyc2();
        assertThat(FingerprintPredicate.parse("cores>=2").test(epyc)).isTrue();
        assertThat(FingerprintPredicate.parse("cores>2").test(epyc)).isFalse();
        assertThat(FingerprintPredicate.parse("memoryGb >= 16").test(epyc)).isTrue();
        assertThat(FingerprintPredicate.parse("gpu=false").test(epyc)).isTrue();
        assertThat(FingerprintPredicate.parse("gpuCount=1").test(TestFingerprints.gpuBox())).isTrue();
        assertThat(FingerprintPredicate.parse("cpu=*epyc*").test(epyc)).isTrue();
        assertThat(FingerprintPredicate.parse("feature=avx512_vnni").test(epyc)).isTrue();
        assertThat(FingerprintPredicate.parse("feature!=amx_int8").test(epyc)).isTrue();
        assertThat(FingerprintPredicate.parse("arch=x64").test(epyc)).isTrue();
        assertThat(FingerprintPredicate.parse("os=linux").test(epyc)).isTrue();
        assertThat(FingerprintPredicate.parse("jdk<21").test(epyc)).isTrue();
        assertThat(FingerprintPredicate.parse("loaded=false").test(epyc)).isTrue();
        assertThatThrownBy(() -> FingerprintPredicate.parse("gpu>=1")).hasMessage("predicate 'gpu>=1' may only use = or != with key 'gpu'");
        assertThatThrownBy(() -> FingerprintPredicate.parse("cores")).hasMessageStartingWith("predicate 'cores' is not in the expected format");
    }

    @Test
    @DisplayName("defaults scale with memory and cores and document their derivation")
    void environmentDefaults() {
        List<Threshold> small = EnvironmentDefaults.thresholds(TestFingerprints.epyc2());
        Threshold rss = small.stream().filter(t -> t.metric() == Metric.PEAK_RSS_MB).findFirst().orElseThrow();
        assertThat(rss.requiredValue()).isCloseTo(24 * 1024 * 0.75, within(1e-6));
        Threshold hang = small.stream().filter(t -> t.metric() == Metric.LATENCY_MS).findFirst().orElseThrow();
        assertThat(hang.requiredValue()).isEqualTo(240_000.0);
        assertThat(hang.derivation()).contains("8 reference CPUs / 2 usable CPUs");
        Threshold bigHang = EnvironmentDefaults.thresholds(TestFingerprints.gpuBox()).stream()
                .filter(t -> t.metric() == Metric.LATENCY_MS).findFirst().orElseThrow();
        assertThat(bigHang.requiredValue()).isEqualTo(60_000.0);
        assertThat(EnvironmentDefaults.noiseBandPercent(TestFingerprints.epyc2())).isEqualTo(3.0);
        assertThat(EnvironmentDefaults.noiseBandPercent(TestFingerprints.gpuBox())).isEqualTo(2.0);
        assertThat(EnvironmentDefaults.noiseBandPercent(TestFingerprints.of("x", 8, 8, List.of(), List.of(), 9.0))).isEqualTo(5.0);
    }

    @StatedForReferenceMachine
    static class MarkedTestCase {}

    static class MethodMarkedTestCase {
        @StatedForReferenceMachine
        void decode(int batch, String prompt) {}

        void other() {}
    }
}
