package dev.bitnet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitnet.engine.generate.GenerationConfig;
import dev.bitnet.engine.generate.GenerationResult;
import dev.bitnet.engine.generate.InferenceEngine;
import dev.bitnet.perf.Measure;
import dev.bitnet.perf.PerformanceTest;
import dev.bitnet.perf.TokensPerSecondAtLeast;
import dev.bitnet.perf.threshold.StatedForReferenceMachine;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Example: regression checks against the committed baselines. No annotation is needed for that:
 * every performance test compares its samples with {@code baselines/<environment class>/} when a
 * baseline for its environment class exists (Welch's t-test and a bootstrap interval of the change
 * of the median, beyond a noise band), re-measures a suspected critical regression once, and fails
 * only on a confirmed critical one. Record or refresh baselines with {@code -Dperf.baseline.update=true}.
 *
 * <p>This test measures prompt processing (prefill) alone: one token is generated so that the
 * timing is dominated by the batched prompt pass.
 */
@ExtendWith(Engines.class)
@StatedForReferenceMachine
@DisplayName("Prompt processing")
class PrefillRegressionTest {
    private static final String PROMPT = String.join(" ", Prompts.batch(8)).repeat(3);

    @PerformanceTest(warmup = 2, iterations = 8)
    @TokensPerSecondAtLeast(40)
    @DisplayName("prefill of a ~100-token prompt")
    void prefill(InferenceEngine engine, Measure measure) {
        GenerationConfig config = GenerationConfig.greedy(1).withStopAtEos(false);
        int promptTokens = engine.tokenizer().encode(PROMPT, true).length;

        GenerationResult result = measure.run(() -> engine.generate(PROMPT, config), r -> r.promptTokenIds().length);

        assertThat(result.promptTokenIds()).hasSize(promptTokens);
    }
}
