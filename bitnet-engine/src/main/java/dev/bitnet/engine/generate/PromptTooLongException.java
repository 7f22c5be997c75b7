package dev.bitnet.engine.generate;

/**
 * {@code PromptTooLongException} is thrown when a prompt's tokens do not fit the model's context.
 *
 * @since 0.1
 */
public final class PromptTooLongException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int promptTokens;
    private final int contextLength;

    public PromptTooLongException(int promptTokens, int contextLength) {
        super("prompt has " + promptTokens + " tokens but the model's context holds " + contextLength
                + "; shorten the prompt");
        this.promptTokens = promptTokens;
        this.contextLength = contextLength;
    }

    /** @return the prompt's token count, BOS included */
    public int promptTokens() {
        return promptTokens;
    }

    /** @return the model's context length */
    public int contextLength() {
        return contextLength;
    }
}
