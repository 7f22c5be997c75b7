package dev.bitnet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitnet.engine.generate.GenerationConfig;
import dev.bitnet.engine.generate.GenerationResult;
import dev.bitnet.engine.generate.InferenceEngine;
import dev.bitnet.engine.synth.Preset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Example: the behaviour a performance figure rests on. The same seed gives the same tokens, and
 * the engine's thread count changes only the speed, never the answer.
 */
@ExtendWith(Engines.class)
@DisplayName("Determinism")
class DeterminismTest {
    private static final String PROMPT = "Once upon a time";

    @Test
    @DisplayName("the same seed gives the same sampled tokens; another seed gives others")
    void sameSeedSameTokens(InferenceEngine engine) {
        GenerationConfig config = GenerationConfig.sampled(32, 0.9f, 40, 0.95f, 1234).withStopAtEos(false);
        GenerationResult first = engine.generate(PROMPT, config);
        GenerationResult second = engine.generate(PROMPT, config);
        GenerationResult otherSeed = engine.generate(PROMPT, config.withSeed(4321));

        assertThat(second.generatedTokenIds()).isEqualTo(first.generatedTokenIds());
        assertThat(otherSeed.generatedTokenIds()).isNotEqualTo(first.generatedTokenIds());
    }

    @ParameterizedTest(name = "{0} engine thread(s)")
    @ValueSource(ints = {1, 2, 3})
    @DisplayName("greedy tokens do not depend on the engine's thread count")
    void threadCountChangesOnlySpeed(int threads, InferenceEngine engine) {
        GenerationConfig config = GenerationConfig.greedy(32).withStopAtEos(false);
        Preset preset = SuiteSettings.preset();
        try (InferenceEngine withThreads = Engines.open(preset, threads)) {
            assertThat(withThreads.generate(PROMPT, config).generatedTokenIds())
                    .isEqualTo(engine.generate(PROMPT, config).generatedTokenIds());
        }
    }
}
