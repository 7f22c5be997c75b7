package dev.bitnet.engine.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.PriorityQueue;
import java.util.stream.IntStream;

/**
 * SentencePiece ({@code tokenizer.ggml.model = llama}) as llama.cpp's {@code llm_tokenizer_spm} runs
 * it: put a space in front of a fragment that starts the text or follows a special token
 * ({@code add_space_prefix}), write spaces as {@code ▁} (U+2581), start from one symbol per character,
 * and repeatedly merge the adjacent pair whose concatenation is the token with the highest score
 * (equal scores: leftmost first). A final symbol that is no token (a character outside the vocabulary)
 * becomes one {@code <0xXX>} byte token per UTF-8 byte.
 *
 * <p>Every merge makes a symbol that is a token, so llama.cpp's {@code rev_merge} re-segmentation
 * never applies here; only single characters can be missing from the vocabulary.
 *
 * <p>Defaults for absent keys, as in llama.cpp: BOS 1, EOS 2, UNK 0, BOS added, space prefix added.
 *
 * @since 0.1
 */
final class SpmTokenizer extends AbstractTokenizer {
    private static final char SPACE_MARK = '\u2581';

    /** (256,) byte value -> id of {@code <0xXX>}, or of the unknown token where the vocabulary has none */
    private final int[] byteTokens = new int[256];

    SpmTokenizer(MetadataReader kv) {
        super(new Vocabulary(kv, new Vocabulary.Defaults(1, 2, 0, true, true)), SpmTokenizer::renderPiece);
        for (int b = 0; b < 256; b++) {
            Integer id = vocab.ids.get(String.format("<0x%02X>", b));
            if (id == null && b < 0x80) {
                id = vocab.ids.get(String.valueOf((char) b)); // llama.cpp falls back to the byte as text
            }
            byteTokens[b] = id != null ? id : vocab.unk;
        }
    }

    /** A candidate merge of the symbols at {@code left} and {@code right}; {@code length} in chars. */
    private record Bigram(int left, int right, float score, int length) {}

    @Override
    void encodeFragment(String fragment, boolean afterSpecial, IntStream.Builder out) {
        String text = (vocab.addSpacePrefix && afterSpecial ? " " + fragment : fragment).replace(' ', SPACE_MARK);

        // one symbol per code point: start offset, length in chars, linked list
        int n = text.codePointCount(0, text.length());
        int[] start = new int[n];
        int[] length = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int i = 0, offset = 0; i < n; i++) {
            start[i] = offset;
            length[i] = Character.charCount(text.codePointAt(offset));
            offset += length[i];
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }

        PriorityQueue<Bigram> queue = new PriorityQueue<>((a, b) -> a.score() != b.score()
                ? Float.compare(b.score(), a.score())
                : Integer.compare(a.left(), b.left()));
        for (int i = 1; i < n; i++) {
            offerBigram(queue, text, start, length, i - 1, i);
        }
        while (!queue.isEmpty()) {
            Bigram bigram = queue.poll();
            int left = bigram.left();
            int right = bigram.right();
            if (length[left] == 0 || length[right] == 0 || length[left] + length[right] != bigram.length()) {
                continue; // one of the symbols already took part in another merge
            }
            length[left] += length[right];
            length[right] = 0;
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
            if (prev[left] >= 0) {
                offerBigram(queue, text, start, length, prev[left], left);
            }
            if (next[left] >= 0) {
                offerBigram(queue, text, start, length, left, next[left]);
            }
        }

        for (int i = n > 0 ? 0 : -1; i >= 0; i = next[i]) {
            String symbol = text.substring(start[i], start[i] + length[i]);
            Integer id = vocab.ids.get(symbol);
            if (id != null) {
                out.add(id);
            } else {
                for (byte b : symbol.getBytes(StandardCharsets.UTF_8)) {
                    out.add(byteToken(b & 0xFF));
                }
            }
        }
    }

    private void offerBigram(PriorityQueue<Bigram> queue, String text, int[] start, int[] length, int left, int right) {
        int merged = length[left] + length[right];
        Integer id = vocab.ids.get(text.substring(start[left], start[left] + merged));
        if (id != null) {
            queue.add(new Bigram(left, right, vocab.scores[id], merged));
        }
    }

    private int byteToken(int b) {
        int id = byteTokens[b];
        if (id < 0) {
            throw new IllegalArgumentException(String.format(
                    "SentencePiece vocabulary has neither a byte token <0x%02X> nor an unknown token to encode byte 0x%02X",
                    b, b));
        }
        return id;
    }

    @Override
    String kind() {
        return "llama (SentencePiece" + (vocab.addSpacePrefix ? ", space prefix" : "") + ")";
    }

    /** How llama.cpp prints a token of this kind. */
    static byte[] renderPiece(Vocabulary vocab, int id) {
        String text = vocab.tokens.get(id);
        return switch (vocab.types[id]) {
            case NORMAL -> text.replace(SPACE_MARK, ' ').getBytes(StandardCharsets.UTF_8);
            case USER_DEFINED -> text.getBytes(StandardCharsets.UTF_8);
            case BYTE -> new byte[] {(byte) parseByteToken(id, text)};
            default -> new byte[0];
        };
    }

    /** {@code <0xXX>} -> XX, as llama.cpp's {@code llama_token_to_byte} (hex digits at offset 3). */
    private static int parseByteToken(int id, String text) {
        if (text.length() != 6 || !text.startsWith("<0x") || !text.endsWith(">")) {
            throw new IllegalArgumentException("tokenizer metadata key '" + Vocabulary.TOKENS + "' entry " + id
                    + " has type BYTE and must read <0xXX> but was: '" + text + "'");
        }
        try {
            return Integer.parseInt(text.substring(3, 5), 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tokenizer metadata key '" + Vocabulary.TOKENS + "' entry " + id
                    + " has type BYTE and must read <0xXX> but was: '" + text + "'", e);
        }
    }
}
