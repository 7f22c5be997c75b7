package dev.bitnet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitnet.engine.generate.GenerationConfig;
import dev.bitnet.engine.generate.GenerationResult;
import dev.bitnet.engine.generate.InferenceEngine;
import dev.bitnet.perf.LatencyAtMost;
import dev.bitnet.perf.Measure;
import dev.bitnet.perf.MemoryAtMost;
import dev.bitnet.perf.Performance;
import dev.bitnet.perf.Statistic;
import dev.bitnet.perf.TokensPerSecondAtLeast;
import dev.bitnet.perf.threshold.StatedForReferenceMachine;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Example: a parameter sweep. Every (batch size, new tokens) combination is its own invocation with
 * its own samples, thresholds, baseline and verdict, named readably in IDEs and Surefire's XML.
 *
 * <p>The region parameter {@link Measure} times only the generation: prompt lists and the config
 * are built before it. The thresholds are stated for the reference machine
 * ({@link StatedForReferenceMachine}) and scaled by the measured calibration factor, then by the
 * first matching entry of the overrides file ({@code perf-overrides.json}), which adapts them to
 * the model preset; every failure message prints that chain.
 */
@ExtendWith(Engines.class)
@StatedForReferenceMachine
@DisplayName("Generation throughput")
class GenerationThroughputTest {

    static Stream<Arguments> sweep() {
        return Stream.of(1, 4, 8).flatMap(batch -> Stream.of(32, 128).map(tokens -> Arguments.of(batch, tokens)));
    }

    @ParameterizedTest(name = "batch {0} × {1} new tokens")
    @MethodSource("sweep")
    @Performance(warmup = 2, iterations = 10)
    @TokensPerSecondAtLeast(15)
    @LatencyAtMost(value = 120, unit = TimeUnit.SECONDS, statistic = Statistic.PERCENTILE, percentile = 95)
    @MemoryAtMost(value = 4096, kind = MemoryAtMost.Kind.PEAK_RSS)
    void generates(int batch, int newTokens, InferenceEngine engine, Measure measure) {
        List<String> prompts = Prompts.batch(batch);
        GenerationConfig config = GenerationConfig.greedy(newTokens).withStopAtEos(false);

        List<GenerationResult> results = measure.run(() -> engine.generate(prompts, config),
                done -> done.stream().mapToLong(r -> r.generatedTokenIds().length).sum());

        assertThat(results).hasSize(batch)
                .allSatisfy(result -> assertThat(result.generatedTokenIds()).hasSize(newTokens));
    }
}
