package dev.bitnet.engine.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitnet.engine.gguf.WeightLoading;
import dev.bitnet.engine.model.Backend;
import dev.bitnet.engine.model.RunnerOptions;
import dev.bitnet.engine.model.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("InferenceEngine")
class InferenceEngineTests {

    static InferenceEngine engine;
    static final List<String> PROMPTS = List.of("Hello world", "The quick brown fox", "a", "Once upon a time there was");

    @BeforeAll
    static void open() {
        engine = InferenceEngine.open(TestModels.relu2(), WeightLoading.MMAP, Backend.CPU, RunnerOptions.defaults(2));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    @DisplayName("greedy generation is deterministic and reports ids, text and timings")
    void greedyIsDeterministic() {
        GenerationConfig cfg = GenerationConfig.greedy(12).withStopAtEos(false);
        GenerationResult a = engine.generate("Hello world", cfg);
        GenerationResult b = engine.generate("Hello world", cfg);
        assertThat(a.generatedTokenIds()).hasSize(12).containsExactly(b.generatedTokenIds());
        assertThat(a.text()).isEqualTo(b.text()).isEqualTo(engine.tokenizer().decode(a.generatedTokenIds()));
        assertThat(a.promptTokenIds()).containsExactly(engine.tokenizer().encode("Hello world", true));
        assertThat(a.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
        assertThat(a.timings().perTokenMillis()).hasSize(12);
        assertThat(a.timings().prefillMillis()).isPositive();
        assertThat(a.timings().tokensPerSecond()).isPositive();
    }

    @Test
    @DisplayName("greedy takes the argmax of the runner's logits at every step")
    void greedyFollowsArgmax() {
        GenerationConfig cfg = GenerationConfig.greedy(5).withStopAtEos(false);
        GenerationResult r = engine.generate("Hello world", cfg);
        var runner = engine.runner();
        int[] prompt = r.promptTokenIds();
        float[] logits = new float[runner.config().vocab()];
        try (var seq = runner.newSequence(prompt.length + 5)) {
            runner.forward(seq, prompt, logits);
            for (int id : r.generatedTokenIds()) {
                assertThat(id).isEqualTo(Sampler.argmax(logits, logits.length));
                runner.forward(seq, new int[] {id}, logits);
            }
        }
    }

    @Test
    @DisplayName("seeded sampling gives the same tokens for the same seed and other tokens for another seed")
    void seededSamplingIsDeterministic() {
        GenerationConfig cfg = GenerationConfig.sampled(16, 1.5f, 0, 1f, 1234).withStopAtEos(false);
        int[] a = engine.generate("Once upon a time", cfg).generatedTokenIds();
        int[] b = engine.generate("Once upon a time", cfg).generatedTokenIds();
        int[] c = engine.generate("Once upon a time", cfg.withSeed(99)).generatedTokenIds();
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
        GenerationConfig topKP = GenerationConfig.sampled(16, 0.9f, 8, 0.9f, 5).withStopAtEos(false);
        assertThat(engine.generate("Once", topKP).generatedTokenIds())
                .containsExactly(engine.generate("Once", topKP).generatedTokenIds());
    }

    @Test
    @DisplayName("a batch of prompts gives the same results as each prompt alone (greedy and sampled)")
    void batchEqualsSingle() {
        for (GenerationConfig cfg : List.of(GenerationConfig.greedy(10).withStopAtEos(false),
                GenerationConfig.sampled(10, 1f, 20, 0.95f, 77).withStopAtEos(false).withMaxNewTokens(8))) {
            List<GenerationResult> batch = engine.generate(PROMPTS, cfg);
            assertThat(batch).hasSize(PROMPTS.size());
            for (int i = 0; i < PROMPTS.size(); i++) {
                GenerationResult single = engine.generate(PROMPTS.get(i), cfg);
                assertThat(batch.get(i).generatedTokenIds()).as("prompt %d", i)
                        .containsExactly(single.generatedTokenIds());
                assertThat(batch.get(i).text()).isEqualTo(single.text());
            }
        }
    }

    @Test
    @DisplayName("several threads generating at once get the same outputs as sequential calls")
    void concurrentCallsMatchSequential() throws Exception {
        GenerationConfig cfg = GenerationConfig.greedy(8).withStopAtEos(false);
        List<int[]> sequential = new ArrayList<>();
        for (String p : PROMPTS) {
            sequential.add(engine.generate(p, cfg).generatedTokenIds());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<int[]>> futures = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (String p : PROMPTS) {
                    futures.add(pool.submit((Callable<int[]>) () -> engine.generate(p, cfg).generatedTokenIds()));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get()).as("call %d", i).containsExactly(sequential.get(i % PROMPTS.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("a prompt longer than the context is rejected with the token count and context length")
    void rejectsPromptLongerThanContext() {
        int context = engine.runner().config().contextLength();
        String longPrompt = "word ".repeat(context * 2);
        assertThatThrownBy(() -> engine.generate(longPrompt, GenerationConfig.greedy(4)))
                .isInstanceOf(PromptTooLongException.class)
                .hasMessageContaining("context holds " + context);
        assertThatThrownBy(() -> engine.generate(List.of("hi", longPrompt), GenerationConfig.greedy(4)))
                .isInstanceOf(PromptTooLongException.class);
    }

    @Test
    @DisplayName("generation stops at the context length")
    void stopsAtContextLength() {
        int context = engine.runner().config().contextLength();
        int[] prompt = engine.tokenizer().encode("Hello", true);
        GenerationResult r = engine.generateIds(prompt, GenerationConfig.greedy(context * 2).withStopAtEos(false));
        assertThat(r.stopReason()).isEqualTo(StopReason.CONTEXT_FULL);
        assertThat(prompt.length + r.generatedTokenIds().length).isEqualTo(context + 1);
    }

    @Test
    @DisplayName("stops at a stop token, and the streamed text equals the result's text")
    void stopTokensAndStreaming() {
        GenerationConfig cfg = GenerationConfig.greedy(12).withStopAtEos(false);
        int[] free = engine.generate("The quick brown fox", cfg).generatedTokenIds();
        int stopAt = free[5];
        int firstIndex = 0;
        while (free[firstIndex] != stopAt) {
            firstIndex++;
        }
        StringBuilder streamed = new StringBuilder();
        List<Integer> streamedIds = new ArrayList<>();
        GenerationResult r = engine.generate("The quick brown fox", cfg.withStopTokenIds(stopAt).withListener((i, id, text) -> {
            streamed.append(text);
            streamedIds.add(id);
        }));
        assertThat(r.stopReason()).isEqualTo(StopReason.STOP_TOKEN);
        assertThat(r.generatedTokenIds()).hasSize(firstIndex + 1).endsWith(stopAt);
        assertThat(streamedIds).containsExactly(java.util.Arrays.stream(r.generatedTokenIds()).boxed().toArray(Integer[]::new));
        assertThat(streamed.toString()).isEqualTo(r.text());
    }

    @Test
    @DisplayName("stops at a stop string and cuts the text before it")
    void stopStrings() {
        GenerationConfig cfg = GenerationConfig.sampled(32, 1f, 0, 1f, 3).withStopAtEos(false);
        GenerationResult free = engine.generate("Once upon a time there was", cfg);
        String text = free.text();
        assertThat(text.length()).as("generated text %s", text).isGreaterThanOrEqualTo(3);
        String stop = text.substring(text.length() / 2, text.length() / 2 + 1);
        int at = text.indexOf(stop);
        StringBuilder streamed = new StringBuilder();
        GenerationResult r = engine.generate("Once upon a time there was",
                cfg.withStopStrings(List.of(stop)).withListener((i, id, t) -> streamed.append(t)));
        assertThat(r.stopReason()).isEqualTo(StopReason.STOP_STRING);
        assertThat(r.text()).isEqualTo(text.substring(0, at));
        assertThat(streamed.toString()).isEqualTo(r.text());
    }

    @Test
    @DisplayName("rejects invalid configurations with the offending value")
    void rejectsInvalidConfigurations() {
        assertThatThrownBy(() -> GenerationConfig.greedy(0)).hasMessage("maxNewTokens must be at least 1: 0");
        assertThatThrownBy(() -> GenerationConfig.sampled(4, -1f, 0, 1f, 0))
                .hasMessageContaining("temperature").hasMessageContaining("-1.0");
        assertThatThrownBy(() -> GenerationConfig.sampled(4, 1f, 0, 0f, 0)).hasMessage("topP must be within (0, 1]: 0.0");
        assertThatThrownBy(() -> engine.generateIds(new int[] {1, 999_999}, GenerationConfig.greedy(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("999999");
    }
}
