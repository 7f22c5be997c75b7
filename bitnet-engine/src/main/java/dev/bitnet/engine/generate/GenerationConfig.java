package dev.bitnet.engine.generate;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code GenerationConfig} encapsulates how tokens are chosen and when generation stops.
 *
 * <p>Sampling: {@code temperature == 0} is greedy (argmax; the lowest id wins a tie, as in
 * llama.cpp). Otherwise logits are divided by the temperature, cut to the {@code topK} best
 * ({@code 0} = all), softmaxed, cut to the smallest set whose probability reaches {@code topP}
 * ({@code 1} = all), and sampled with a generator seeded by {@code seed}: the same seed gives the
 * same tokens.
 *
 * <p>Invariants: {@code maxNewTokens ≥ 1}, {@code temperature ≥ 0} and finite, {@code topK ≥ 0},
 * {@code 0 < topP ≤ 1}, stop strings non-empty.
 *
 * @param maxNewTokens  most tokens to generate
 * @param temperature   0 for greedy, else the softmax temperature
 * @param topK          keep the k most likely tokens; 0 keeps all
 * @param topP          nucleus: keep the most likely tokens up to this cumulative probability
 * @param seed          seed of the sampler's random generator
 * @param stopTokenIds  ids that end generation (besides the model's EOS when {@code stopAtEos})
 * @param stopStrings   strings that end generation when the generated text comes to contain them
 * @param stopAtEos     end at the tokenizer's end-of-generation tokens (EOS, {@code <|eot_id|>}, ...)
 * @param addBos        prepend the tokenizer's BOS token to the prompt
 * @param listener      receives tokens as they are generated, or {@code null}
 * @since 0.1
 */
public record GenerationConfig(int maxNewTokens, float temperature, int topK, float topP, long seed,
        int[] stopTokenIds, List<String> stopStrings, boolean stopAtEos, boolean addBos,
        @Nullable TokenListener listener) {

    public GenerationConfig {
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be at least 1: " + maxNewTokens);
        }
        if (!(temperature >= 0f) || !Float.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be zero or positive and finite: " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must not be negative: " + topK);
        }
        if (!(topP > 0f && topP <= 1f)) {
            throw new IllegalArgumentException("topP must be within (0, 1]: " + topP);
        }
        stopTokenIds = stopTokenIds.clone();
        stopStrings = List.copyOf(stopStrings);
        for (String s : stopStrings) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("stop strings must not be empty");
            }
        }
    }

    /** Greedy decoding of up to {@code maxNewTokens} tokens, stopping at EOS, BOS added. */
    public static GenerationConfig greedy(int maxNewTokens) {
        return new GenerationConfig(maxNewTokens, 0f, 0, 1f, 0L, new int[0], List.of(), true, true, null);
    }

    /** Seeded sampling with the given temperature, top-k and top-p. */
    public static GenerationConfig sampled(int maxNewTokens, float temperature, int topK, float topP, long seed) {
        return new GenerationConfig(maxNewTokens, temperature, topK, topP, seed, new int[0], List.of(), true, true,
                null);
    }

    @Override
    public int[] stopTokenIds() {
        return stopTokenIds.clone();
    }

    boolean isStopToken(int id) {
        for (int s : stopTokenIds) {
            if (s == id) {
                return true;
            }
        }
        return false;
    }

    public GenerationConfig withMaxNewTokens(int n) {
        return new GenerationConfig(n, temperature, topK, topP, seed, stopTokenIds, stopStrings, stopAtEos, addBos, listener);
    }

    public GenerationConfig withSeed(long s) {
        return new GenerationConfig(maxNewTokens, temperature, topK, topP, s, stopTokenIds, stopStrings, stopAtEos, addBos, listener);
    }

    public GenerationConfig withStopTokenIds(int... ids) {
        return new GenerationConfig(maxNewTokens, temperature, topK, topP, seed, ids, stopStrings, stopAtEos, addBos, listener);
    }

    public GenerationConfig withStopStrings(List<String> strings) {
        return new GenerationConfig(maxNewTokens, temperature, topK, topP, seed, stopTokenIds, strings, stopAtEos, addBos, listener);
    }

    public GenerationConfig withStopAtEos(boolean b) {
        return new GenerationConfig(maxNewTokens, temperature, topK, topP, seed, stopTokenIds, stopStrings, b, addBos, listener);
    }

    public GenerationConfig withAddBos(boolean b) {
        return new GenerationConfig(maxNewTokens, temperature, topK, topP, seed, stopTokenIds, stopStrings, stopAtEos, b, listener);
    }

    public GenerationConfig withListener(@Nullable TokenListener l) {
        return new GenerationConfig(maxNewTokens, temperature, topK, topP, seed, stopTokenIds, stopStrings, stopAtEos, addBos, l);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GenerationConfig c && maxNewTokens == c.maxNewTokens && temperature == c.temperature
                && topK == c.topK && topP == c.topP && seed == c.seed && Arrays.equals(stopTokenIds, c.stopTokenIds)
                && stopStrings.equals(c.stopStrings) && stopAtEos == c.stopAtEos && addBos == c.addBos
                && listener == c.listener;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seed) * 31 + maxNewTokens;
    }

    @Override
    public String toString() {
        return "GenerationConfig[maxNewTokens=" + maxNewTokens + ", temperature=" + temperature + ", topK=" + topK
                + ", topP=" + topP + ", seed=" + seed + ", stopTokenIds=" + Arrays.toString(stopTokenIds)
                + ", stopStrings=" + stopStrings + ", stopAtEos=" + stopAtEos + ", addBos=" + addBos + "]";
    }
}
