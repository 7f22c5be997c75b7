package dev.bitnet.engine.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes generated tokens one at a time into text without ever splitting a UTF-8 character: bytes
 * of an incomplete character at the end are held back until the tokens that complete it arrive. The
 * concatenation of everything {@link #accept(int)} and {@link #finish()} return equals
 * {@link Tokenizer#decode(int[])} of the same ids. Not thread-safe: one decoder per stream.
 *
 * @since 0.1
 */
public final class StreamDecoder {
    private final Tokenizer tokenizer;
    /** Bytes of a character whose remaining bytes have not arrived yet (at most 3). */
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(8);

    StreamDecoder(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Adds one token; returns the text it completes, possibly empty. */
    public String accept(int id) {
        pending.writeBytes(tokenizer.pieceBytes(id));
        byte[] bytes = pending.toByteArray();
        int complete = completePrefixLength(bytes);
        pending.reset();
        pending.write(bytes, complete, bytes.length - complete);
        return new String(bytes, 0, complete, StandardCharsets.UTF_8);
    }

    /** Ends the stream; returns held-back bytes of an unfinished character as U+FFFD, or "". */
    public String finish() {
        String rest = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        return rest;
    }

    /**
     * Length of the longest prefix that does not end inside a character that could still be completed:
     * only a valid lead byte followed by fewer continuation bytes than it announces is held back.
     */
    static int completePrefixLength(byte[] bytes) {
        int n = bytes.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int b = bytes[n - back] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue; // continuation byte: keep looking for its lead byte
            }
            int expected = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xC2 && b <= 0xDF ? 2 : 1;
            return expected > back ? n - back : n;
        }
        return n;
    }
}
