package dev.bitnet.perf.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitnet.perf.Statistic;
import dev.bitnet.perf.plan.Mode;
import dev.bitnet.perf.plan.Plan;
import dev.bitnet.perf.sample.CallSample;
import dev.bitnet.perf.sample.Metric;
import dev.bitnet.perf.sample.Sample;
import dev.bitnet.perf.sample.Samples;
import dev.bitnet.perf.threshold.Bound;
import dev.bitnet.perf.threshold.Threshold;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verdict logic on fixed synthetic samples: latencies 1..10 ms, one call per iteration. */
class ThresholdCheckTests {

    static final Plan PLAN = new Plan("id", "sorts()", "com.example.SortTests", "sorts()", Mode.WHOLE_METHOD, 0, 10, 1,
            null, Map.of());

    static Samples latencies(double... millis) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < millis.length; i++) {
            long nanos = Math.round(millis[i] * 1e6);
            samples.add(new Sample(i + 1, nanos, List.of(new CallSample(0, nanos, CallSample.UNKNOWN, 100, nanos)),
                    0, 0, 1 << 20, CallSample.UNKNOWN, CallSample.UNKNOWN));
        }
        return new Samples(samples);
    }

    static Threshold latency(Statistic statistic, double percentile, double millis) {
        return Threshold.stated(Metric.LATENCY_MS, statistic, percentile, Bound.AT_MOST, millis,
                "@LatencyAtMost on method [sorts()]");
    }

    static List<Finding> judge(Samples samples, Threshold... thresholds) {
        return new ThresholdCheck().evaluate(Evidence.of(PLAN, samples, List.of(thresholds), Map.of()));
    }

    final Samples oneToTen = latencies(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);

    @Test
    void passesAtTheBoundAndFailsJustAboveIt() {
        // median of 1..10 = 5.5
        assertThat(judge(oneToTen, latency(Statistic.MEDIAN, 0, 5.5))).singleElement()
                .extracting(Finding::status).isEqualTo(Status.PASSED);
        assertThat(judge(oneToTen, latency(Statistic.MEDIAN, 0, 5.49))).singleElement()
                .extracting(Finding::status).isEqualTo(Status.FAILED);
    }

    @Test
    void failureMessageNamesMetricStatisticIntervalRequiredValueAndDerivation() {
        Finding mean = judge(oneToTen, latency(Statistic.MEAN, 0, 3).scaled("environment scaling", 1.5)).get(0);
        // mean 5.5, sd 3.0277, t(0.975, 9) = 2.2622 -> 95% CI [3.334, 7.666]
        assertThat(mean.message()).isEqualTo("latency_ms mean = 5.5 ms (95% CI [3.334, 7.666], n = 10) but must be"
                + " at most 4.5 ms; required value: 3 ms stated in @LatencyAtMost on method [sorts()]"
                + " → × 1.5 (environment scaling) → 4.5 ms");
        assertThat(mean.details()).containsEntry("measured", 5.5).containsEntry("required", 4.5)
                .containsEntry("statistic", "mean").containsEntry("n", 10);

        double[] oneToSixty = java.util.stream.IntStream.rangeClosed(1, 60).asDoubleStream().toArray();
        Finding p90 = judge(latencies(oneToSixty), latency(Statistic.PERCENTILE, 90, 20)).get(0);
        // numpy.percentile(range(1, 61), 90) = 54.1; with B = scipy.stats.binom(60, 0.9) the order-statistic
        // 95% interval has ranks 49 and 59 (see SortedSampleTests for the rule)
        assertThat(p90.message()).startsWith("latency_ms p90 = 54.1 ms (95% CI [49, 59], n = 60) but must be at most 20 ms");
        // 30 values cannot bound the 90th percentile from above (rank 31 > n): no interval is shown
        double[] oneToThirty = java.util.Arrays.copyOf(oneToSixty, 30);
        assertThat(judge(latencies(oneToThirty), latency(Statistic.PERCENTILE, 90, 20)).get(0).message())
                .startsWith("latency_ms p90 = 27.1 ms (n = 30) but must be at most 20 ms");
    }

    @Test
    void judgesMinMaxAndPercentilesOfHigherIsBetterMetrics() {
        Threshold max = latency(Statistic.MAX, 0, 9.99);
        Threshold min = latency(Statistic.MIN, 0, 1);
        assertThat(judge(oneToTen, max, min)).extracting(Finding::status).containsExactly(Status.FAILED, Status.PASSED);
        Threshold throughput = Threshold.stated(Metric.THROUGHPUT_OPS, Statistic.PERCENTILE, 10, Bound.AT_LEAST, 100,
                "@ThroughputAtLeast on method [sorts()]");
        // throughput per iteration = 1000 / latency ms: 1000, 500, ... 100; p10 = 110.0 (linear between 100 and 111.1)
        assertThat(judge(oneToTen, throughput)).singleElement().extracting(Finding::status).isEqualTo(Status.PASSED);
    }

    @Test
    void warnsInsteadOfPassingWhenAMetricCannotBeMeasuredHere() {
        Threshold rss = Threshold.stated(Metric.MEMORY_USAGE_MB, Statistic.MAX, 0, Bound.AT_MOST, 512, "x");
        Finding finding = judge(oneToTen, rss).get(0);
        assertThat(finding.status()).isEqualTo(Status.WARNING);
        assertThat(finding.message()).isEqualTo("memory_usage_mb max ≤ 512 MiB was not checked: this platform does not"
                + " report resident set sizes (Linux /proc/self/status).");
    }

    @Test
    void failsWhenTokensWereNeverRecorded() {
        Threshold tokens = Threshold.stated(Metric.TOKENS_PER_SECOND, Statistic.MEDIAN, 0, Bound.AT_LEAST, 10, "x");
        Finding finding = judge(oneToTen, tokens).get(0);
        assertThat(finding.status()).isEqualTo(Status.FAILED);
        assertThat(finding.message()).contains("the test recorded no tokens");
    }

    @Test
    void verdictAddsFindingsUp() {
        List<Finding> findings = judge(oneToTen, latency(Statistic.MEDIAN, 0, 100), latency(Statistic.MAX, 0, 1),
                latency(Statistic.MEAN, 0, 1));
        Verdict verdict = Verdict.of(findings);
        assertThat(verdict.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(verdict.failures()).hasSize(2);
        assertThat(verdict.failureMessage("sorts()")).startsWith("sorts() failed 2 performance checks:")
                .contains(System.lineSeparator() + "  - latency_ms max = 10 ms (n = 10) but must be at most 1 ms");
        assertThat(Verdict.of(List.of()).passed()).isTrue();
        assertThat(Verdict.of(findings.subList(0, 1)).failureMessage("x")).isEqualTo("x passed every performance check");
    }
}
