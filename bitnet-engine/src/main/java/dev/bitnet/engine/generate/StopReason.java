package dev.bitnet.engine.generate;

/**
 * {@code StopReason} says why generation ended.
 *
 * @since 0.1
 */
public enum StopReason {
    /** {@link GenerationConfig#maxNewTokens()} tokens were generated. */
    MAX_TOKENS,
    /** The model produced an end-of-generation token (EOS, or e.g. {@code <|eot_id|>}; the tokenizer's set). */
    END_OF_SEQUENCE,
    /** One of {@link GenerationConfig#stopTokenIds()} was produced. */
    STOP_TOKEN,
    /** The text came to contain one of {@link GenerationConfig#stopStrings()}. */
    STOP_STRING,
    /** The sequence reached the model's context length. */
    CONTEXT_FULL
}
