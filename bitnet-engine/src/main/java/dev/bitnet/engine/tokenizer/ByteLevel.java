package dev.bitnet.engine.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * GPT-2's {@code bytes_to_unicode} table: every byte gets one printable character, so byte-level BPE
 * tokens are ordinary strings. Printable Latin-1 bytes ({@code !..~}, {@code ¡..¬}, {@code ®..ÿ}) map to
 * themselves; the other 68 bytes map, in increasing order, to U+0100, U+0101, ... (space becomes
 * {@code Ġ}, newline {@code Ċ}). Source: openai/gpt-2 {@code src/encoder.py}, llama.cpp
 * {@code unicode.cpp unicode_byte_to_utf8_map}.
 *
 * @since 0.1
 */
final class ByteLevel {
    /** (256,) byte value -> its character. */
    private static final char[] BYTE_TO_CHAR = new char[256];
    /** Bytes in GPT-2's {@code bs} order: printable ones first; LLaMA 3 and GPT-2 give byte tokens these ids. */
    private static final int[] BYTE_ORDER = new int[256];
    /** Inverse table over U+0000..U+0143, -1 where a character is no byte. */
    private static final int[] CHAR_TO_BYTE = new int[0x144];

    static {
        int n = 0;
        for (int b = 0; b < 256; b++) {
            if (isPrintable(b)) {
                BYTE_ORDER[n++] = b;
                BYTE_TO_CHAR[b] = (char) b;
            }
        }
        int shifted = 0;
        for (int b = 0; b < 256; b++) {
            if (!isPrintable(b)) {
                BYTE_ORDER[n++] = b;
                BYTE_TO_CHAR[b] = (char) (256 + shifted++);
            }
        }
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        for (int b = 0; b < 256; b++) {
            CHAR_TO_BYTE[BYTE_TO_CHAR[b]] = b;
        }
    }

    private ByteLevel() {}

    private static boolean isPrintable(int b) {
        return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    }

    static char toChar(int unsignedByte) {
        return BYTE_TO_CHAR[unsignedByte];
    }

    /** @return the byte a character stands for, or -1 if it stands for none */
    static int toByte(char c) {
        return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /** The 256 byte values in the order GPT-2 and LLaMA 3 number their byte tokens. */
    static int byteAtRank(int rank) {
        return BYTE_ORDER[rank];
    }

    /** UTF-8 bytes of {@code text}, each written as its byte-level character. */
    static String encode(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        char[] chars = new char[utf8.length];
        for (int i = 0; i < utf8.length; i++) {
            chars[i] = BYTE_TO_CHAR[utf8[i] & 0xFF];
        }
        return new String(chars);
    }

    /**
     * The bytes a byte-level token stands for. A character outside the table (possible in a foreign
     * vocabulary) contributes its own UTF-8 bytes, as current llama.cpp does.
     */
    static byte[] decode(String tokenText) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(tokenText.length());
        for (int i = 0; i < tokenText.length(); ) {
            int cp = tokenText.codePointAt(i);
            int b = cp < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[cp] : -1;
            if (b >= 0) {
                out.write(b);
            } else {
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
            }
            i += Character.charCount(cp);
        }
        return out.toByteArray();
    }
}
