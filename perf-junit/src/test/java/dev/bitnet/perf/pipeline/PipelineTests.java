package dev.bitnet.perf.pipeline;

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
import dev.bitnet.perf.verdict.Finding;
import dev.bitnet.perf.verdict.Outcome;
import dev.bitnet.perf.verdict.Status;
import dev.bitnet.perf.verdict.ThresholdCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineTests {

    static final Plan PLAN = new Plan("id", "decodes()", "com.example.DecodeTests", "decodes()", Mode.REGION, 0, 5, 1,
            null, Map.of());

    static Samples latencies(double... millis) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < millis.length; i++) {
            long nanos = Math.round(millis[i] * 1e6);
            samples.add(new Sample(i + 1, nanos, List.of(new CallSample(0, nanos, 8, 0, nanos)), 0, 0, 1, -1, -1));
        }
        return new Samples(samples);
    }

    final Threshold fourMillis = Threshold.stated(Metric.LATENCY_MS, Statistic.MEDIAN, 0, Bound.AT_MOST, 4,
            "@LatencyAtMost on method [decodes()]");

    @Test
    void defaultsJudgeThresholdsAsStated() {
        Pipeline pipeline = Pipeline.defaults().build();
        Evaluation evaluation = pipeline.evaluate(PLAN, latencies(5, 5, 5, 5, 5), List.of(fourMillis));
        assertThat(evaluation.verdict().outcome()).isEqualTo(Outcome.FAILED);
        assertThat(evaluation.evidence().summaries()).containsKeys(Metric.LATENCY_MS, Metric.TOKENS_PER_SECOND);
        assertThat(pipeline.environment()).containsKeys("java.version", "os.name", "cpu.logicalCores");
        assertThat(pipeline.checks()).singleElement().isInstanceOf(ThresholdCheck.class);
    }

    @Test
    void derivesThresholdsFromTheEnvironmentAndShowsTheChain() {
        Pipeline pipeline = Pipeline.defaults()
                .environment(() -> Map.of("cpu.logicalCores", 2))
                .andThenDerive((t, context) -> t.scaled("environment scaling: "
                        + context.environment().get("cpu.logicalCores") + " cores vs 4 of the reference", 2))
                .build();
        Evaluation evaluation = pipeline.evaluate(PLAN, latencies(5, 5, 5, 5, 5), List.of(fourMillis));
        assertThat(evaluation.verdict().outcome()).isEqualTo(Outcome.PASSED);
        assertThat(evaluation.verdict().findings().get(0).message()).endsWith("required value: 4 ms stated in"
                + " @LatencyAtMost on method [decodes()] → × 2 (environment scaling: 2 cores vs 4 of the reference) → 8 ms");
    }

    @Test
    void runsEveryCheckAndAddsTheirFindingsToTheVerdict() {
        Pipeline pipeline = Pipeline.defaults().check(new dev.bitnet.perf.verdict.Check() {
            @Override
            public String name() {
                return "variation";
            }

            @Override
            public List<Finding> evaluate(dev.bitnet.perf.verdict.Evidence evidence) {
                double cv = evidence.summaries().get(Metric.LATENCY_MS).coefficientOfVariation();
                return List.of(new Finding(name(), cv > 0.5 ? Status.WARNING : Status.INFO, Metric.LATENCY_MS,
                        "coefficient of variation " + cv, Map.of("cv", cv)));
            }
        }).build();
        Evaluation evaluation = pipeline.evaluate(PLAN, latencies(1, 2, 3, 10, 1), List.of(fourMillis));
        assertThat(evaluation.verdict().findings()).extracting(Finding::check).containsExactly("threshold", "variation");
        assertThat(evaluation.verdict().findings().get(1).status()).isEqualTo(Status.WARNING);
        assertThat(evaluation.verdict().outcome()).isEqualTo(Outcome.PASSED);
    }

    @Test
    void standardPipelineStartsFromTheDefaults() {
        // Customizers only add to the defaults, so the threshold check always comes first.
        Pipeline standard = Pipeline.standard();
        assertThat(standard.checks()).first().isInstanceOf(ThresholdCheck.class);
    }
}
