package dev.bitnet.perf.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class SamplesTests {

    static final long U = CallSample.UNKNOWN;

    final Samples samples = new Samples(List.of(
            new Sample(1, 4_000_000, List.of(new CallSample(0, 2_000_000, 10, 1024, 1_500_000),
                    new CallSample(1, 4_000_000, 30, 2048, U)), 1, 7, 10L << 20, 100L << 20, 120L << 20),
            new Sample(2, 2_000_000, List.of(new CallSample(0, 1_000_000, U, U, 900_000),
                    new CallSample(1, 2_000_000, U, 512, 1_000_000)), 0, 0, 12L << 20, U, U)));

    @Test
    void extractsPerCallMetricsFromEveryCall() {
        assertThat(samples.values(Metric.LATENCY_MS)).containsExactly(2.0, 4.0, 1.0, 2.0);
        assertThat(samples.values(Metric.ALLOCATED_BYTES)).containsExactly(1024.0, 2048.0, 512.0);
        assertThat(samples.values(Metric.CPU_TIME_MS)).containsExactly(1.5, 0.9, 1.0);
    }

    @Test
    void extractsPerIterationMetricsAndSkipsUnknownValues() {
        assertThat(samples.values(Metric.TOKENS_PER_SECOND)).containsExactly(40 / 0.004);
        assertThat(samples.values(Metric.THROUGHPUT_OPS)).containsExactly(2 / 0.004, 2 / 0.002);
        assertThat(samples.values(Metric.MEMORY_USAGE_MB)).containsExactly(100.0);
        assertThat(samples.values(Metric.PEAK_RSS_MB)).containsExactly(120.0);
        assertThat(samples.values(Metric.HEAP_USED_MB)).containsExactly(10.0, 12.0);
        assertThat(samples.values(Metric.GC_COUNT)).containsExactly(1.0, 0.0);
        assertThat(samples.values(Metric.GC_TIME_MS)).containsExactly(7.0, 0.0);
        assertThat(samples.recordedValues())
                .containsKeys(Metric.values());
    }

    @Test
    void everyMetricHasAStableNameUnitAndDirection() {
        assertThat(Metric.byName("latency_ms")).contains(Metric.LATENCY_MS);
        assertThat(Metric.byName("tokens_per_second")).contains(Metric.TOKENS_PER_SECOND);
        assertThat(Metric.byName("memory_usage_mb")).contains(Metric.MEMORY_USAGE_MB);
        assertThat(Metric.byName("no_such_metric")).isEmpty();
        assertThat(Metric.TOKENS_PER_SECOND.direction()).isEqualTo(Direction.HIGHER_IS_BETTER);
        assertThat(Metric.THROUGHPUT_OPS.direction()).isEqualTo(Direction.HIGHER_IS_BETTER);
        assertThat(Metric.LATENCY_MS.direction()).isEqualTo(Direction.LOWER_IS_BETTER);
        assertThat(Direction.HIGHER_IS_BETTER.isBetter(2, 1)).isTrue();
        assertThat(Direction.LOWER_IS_BETTER.isBetter(2, 1)).isFalse();
        for (Metric metric : Metric.values()) {
            assertThat(metric.canonicalName()).matches("[a-z_]+");
            assertThat(metric.unit()).isNotBlank();
        }
    }

    @Test
    void rejectsImpossibleReadings() {
        assertThatIllegalArgumentException().isThrownBy(() -> new CallSample(0, -1, U, U, U))
                .withMessage("latencyNanos must not be negative: -1");
        assertThatIllegalArgumentException().isThrownBy(() -> new CallSample(0, 1, -2, U, U))
                .withMessage("tokens must be zero or more, or UNKNOWN (-1): -2");
        assertThatIllegalArgumentException().isThrownBy(() -> new Sample(0, 1, List.of(new CallSample(0, 1, U, U, U)),
                0, 0, 0, U, U)).withMessage("iteration must be 1 or more: 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new Sample(1, 1, List.of(), 0, 0, 0, U, U))
                .withMessage("calls must not be empty");
    }

    @Test
    void parsesProcStatusFieldsInKilobytes() {
        String status = "Name:\tjava\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t20\n";
        assertThat(Probes.kilobytesField(status, "VmRSS:")).isEqualTo(102400L * 1024);
        assertThat(Probes.kilobytesField(status, "VmHWM:")).isEqualTo(204800L * 1024);
        assertThat(Probes.kilobytesField(status, "VmSwap:")).isEqualTo(CallSample.UNKNOWN);
        assertThat(Probes.kilobytesField("VmRSS:\t kB", "VmRSS:")).isEqualTo(CallSample.UNKNOWN);
    }
}
