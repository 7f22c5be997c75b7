package dev.bitnet.engine.generate;

import java.util.Arrays;

/**
 * {@code GenerationResult} encapsulates one prompt's generation: the token ids, the text, timings
 * and why it stopped.
 *
 * @param promptTokenIds    the prompt as the model saw it (BOS included when added)
 * @param generatedTokenIds every generated id, a final stop or end-of-sequence token included
 * @param text              the generated text: stop tokens and a matched stop string (and what
 *                          follows it) excluded
 * @param timings           prefill and per-token times
 * @param stopReason        why generation ended
 * @since 0.1
 */
public record GenerationResult(int[] promptTokenIds, int[] generatedTokenIds, String text, Timings timings,
        StopReason stopReason) {

    public GenerationResult {
        promptTokenIds = promptTokenIds.clone();
        generatedTokenIds = generatedTokenIds.clone();
    }

    @Override
    public int[] promptTokenIds() {
        return promptTokenIds.clone();
    }

    @Override
    public int[] generatedTokenIds() {
        return generatedTokenIds.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GenerationResult r && Arrays.equals(promptTokenIds, r.promptTokenIds)
                && Arrays.equals(generatedTokenIds, r.generatedTokenIds) && text.equals(r.text)
                && timings.equals(r.timings) && stopReason == r.stopReason;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(generatedTokenIds) + text.hashCode();
    }

    @Override
    public String toString() {
        return "GenerationResult[prompt " + promptTokenIds.length + " tokens, generated "
                + Arrays.toString(generatedTokenIds) + ", text=" + text + ", " + stopReason + ", " + timings + "]";
    }
}
