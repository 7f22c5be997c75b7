package dev.bitnet.engine.generate;

/**
 * {@code TokenListener} receives generated tokens as they are produced (streaming).
 *
 * <p>Called on the generating thread, once per generated token, in order. {@code text} is the
 * newly decodable text: it can be empty while a multi-byte character or a possible stop string is
 * still incomplete, and then holds more than one token's text later.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface TokenListener {

    /**
     * @param promptIndex which prompt of a batch the token belongs to (0 for a single prompt)
     * @param tokenId     the generated token id
     * @param text        text that became final with this token, never {@code null}, possibly empty
     */
    void onToken(int promptIndex, int tokenId, String text);
}
