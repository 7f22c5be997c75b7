package dev.bitnet.engine.generate;

import java.util.Arrays;

/**
 * {@code Timings} records how long one generation took.
 *
 * <p>Invariants: all durations finite and non-negative; {@code perTokenMillis} has one entry per
 * generated token, the first being the prefill (time to first token).
 *
 * @param promptTokens   tokens in the prompt, BOS included
 * @param prefillMillis  time to process the prompt and sample the first token
 * @param perTokenMillis time of each generated token: the first is {@code prefillMillis}, each
 *                       later one a decode step plus sampling
 * @since 0.1
 */
public record Timings(int promptTokens, double prefillMillis, double[] perTokenMillis) {

    public Timings {
        if (promptTokens < 0) {
            throw new IllegalArgumentException("promptTokens must not be negative: " + promptTokens);
        }
        if (!(prefillMillis >= 0) || !Double.isFinite(prefillMillis)) {
            throw new IllegalArgumentException("prefillMillis must be finite and non-negative: " + prefillMillis);
        }
        perTokenMillis = perTokenMillis.clone();
    }

    @Override
    public double[] perTokenMillis() {
        return perTokenMillis.clone();
    }

    /** @return generated tokens */
    public int generatedTokens() {
        return perTokenMillis.length;
    }

    /** @return time to first token: the prefill */
    public double timeToFirstTokenMillis() {
        return prefillMillis;
    }

    /** @return prompt tokens per second of the prefill */
    public double prefillTokensPerSecond() {
        return prefillMillis == 0 ? Double.NaN : promptTokens * 1000.0 / prefillMillis;
    }

    /** @return total time: prefill plus every decode step */
    public double totalMillis() {
        return Arrays.stream(perTokenMillis).sum() + (perTokenMillis.length == 0 ? prefillMillis : 0);
    }

    /**
     * @return generation rate after the first token: decode steps per second (NaN when fewer than
     *         two tokens were generated)
     */
    public double tokensPerSecond() {
        if (perTokenMillis.length < 2) {
            return Double.NaN;
        }
        double decode = 0;
        for (int i = 1; i < perTokenMillis.length; i++) {
            decode += perTokenMillis[i];
        }
        return decode == 0 ? Double.NaN : (perTokenMillis.length - 1) * 1000.0 / decode;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "prefill %d tokens in %.1f ms (%.1f tok/s), %d tokens at %.2f tok/s",
                promptTokens, prefillMillis, prefillTokensPerSecond(), generatedTokens(), tokensPerSecond());
    }
}
