package dev.bitnet.engine.tokenizer;

/**
 * The {@code tokenizer.ggml.token_type} values, numbered as in llama.cpp's {@code llama_token_type}
 * (gguf-py {@code TokenType}).
 *
 * @since 0.1
 */
public enum TokenType {
    UNDEFINED(0),
    NORMAL(1),
    UNKNOWN(2),
    CONTROL(3),
    USER_DEFINED(4),
    UNUSED(5),
    BYTE(6);

    private final int id;

    TokenType(int id) {
        this.id = id;
    }

    /** The number stored in {@code tokenizer.ggml.token_type}. */
    public int id() {
        return id;
    }

    /**
     * @throws IllegalArgumentException for a number outside 0..6
     */
    public static TokenType fromId(int id) {
        if (id < 0 || id >= values().length) {
            throw new IllegalArgumentException("token type must be one of 0..6 (llama_token_type) but was: " + id);
        }
        return values()[id];
    }

    /**
     * Whether llama.cpp's {@code llama_token_to_piece} renders the token as text when asked for plain
     * (non-special) output: normal, user-defined and byte tokens are; control, unknown, unused and
     * undefined tokens print as the empty string.
     */
    public boolean rendersAsText() {
        return this == NORMAL || this == USER_DEFINED || this == BYTE;
    }

    /** Whether llama.cpp matches the token's text in the input before splitting it ({@code parse_special}). */
    boolean matchedInText() {
        return this == CONTROL || this == USER_DEFINED || this == UNKNOWN;
    }
}
