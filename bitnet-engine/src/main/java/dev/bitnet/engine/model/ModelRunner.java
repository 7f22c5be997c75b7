package dev.bitnet.engine.model;

/**
 * {@code ModelRunner} computes the BitNet forward pass on one backend (CPU, CUDA).
 *
 * <p>Each call appends tokens to a {@link Sequence} (its KV cache) and writes logits. The numbers
 * are the same on every backend up to float rounding; integer parts of the ternary products are
 * exact everywhere.
 *
 * <p>Implementations document their thread safety; {@link CpuModelRunner} serializes calls.
 *
 * @since 0.1
 */
public interface ModelRunner extends AutoCloseable {

    /**
     * Checks the argument rule every runner shares: each token id lies within the vocabulary.
     *
     * @throws IllegalArgumentException naming the first bad index and its value
     */
    default void checkTokens(int[] tokens) {
        int vocab = config().vocab();
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0 || tokens[i] >= vocab) {
                throw new IllegalArgumentException(
                        "token id must be within [0, " + vocab + ") but tokens[" + i + "] was: " + tokens[i]);
            }
        }
    }

    /**
     * Checks that a logits buffer has room for the whole vocabulary.
     *
     * @throws IllegalArgumentException naming the buffer and its length
     */
    default void checkLogits(float[] logits, String name) {
        int vocab = config().vocab();
        if (logits.length < vocab) {
            throw new IllegalArgumentException(name + " must have room for " + vocab + " logits but its length was: " + logits.length);
        }
    }

    /** @return the model's hyperparameters */
    ModelConfig config();

    /**
     * Creates a sequence with room for {@code maxTokens} tokens (prompt and generated).
     *
     * @param maxTokens between 1 and {@code config().contextLength()}
     * @throws IllegalArgumentException naming the value and the allowed range otherwise
     */
    Sequence newSequence(int maxTokens);

    /**
     * Processes {@code tokens} at the sequence's next positions: a whole prompt (prefill, as one
     * batch) or a single decode step. Writes the logits of the last token.
     *
     * @param seq    a sequence of this runner with room for {@code tokens.length} more tokens
     * @param tokens one or more token ids, each in {@code [0, vocab)}
     * @param logits receives {@code config().vocab()} logits
     * @throws IllegalArgumentException naming the value when a token id, the sequence room or the
     *                                  logits length is wrong; the sequence is then unchanged
     */
    void forward(Sequence seq, int[] tokens, float[] logits);

    /**
     * One decode step for several sequences at once: token {@code tokens[i]} is appended to
     * {@code seqs[i]}, and {@code logits[i]} receives its logits. Gives the same logits as calling
     * {@link #forward} for each sequence with its one token.
     *
     * @throws IllegalArgumentException when the arrays differ in length, a sequence appears twice,
     *                                  or as for {@link #forward}
     */
    void forwardBatch(Sequence[] seqs, int[] tokens, float[][] logits);

    /** @return a one-line description of the backend and its settings, for reports */
    default String description() {
        return getClass().getSimpleName();
    }

    /** Releases the runner's resources (threads, device memory); the model itself stays open. */
    @Override
    void close();
}
