package dev.bitnet.engine.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Byte-level BPE ({@code tokenizer.ggml.model = gpt2}) as llama.cpp's {@code llm_tokenizer_bpe} runs
 * it: split the text with the pre-tokenizer regex, write each piece's UTF-8 bytes as byte-level
 * characters, and merge adjacent symbols lowest merge rank first (equal ranks: leftmost first) until no
 * pair has a rank. With LLaMA 3's pre-tokenizer a piece that is itself a token is taken whole
 * ({@code ignore_merges}).
 *
 * <p>The merge loop runs over a linked list of symbols with a min-heap of candidate pairs keyed by
 * {@code rank << 32 | left index}; entries made stale by an earlier merge are skipped when popped.
 * Time: O(n log n) in the piece length. Results of pieces are cached (bounded), since text repeats
 * its words.
 *
 * <p>Merges whose parts or result are not tokens are ignored (llama.cpp would merge the strings and
 * fall back to single-byte tokens at the end); LLaMA 3 and the synthetic vocabulary have none.
 *
 * @since 0.1
 */
final class BpeTokenizer extends AbstractTokenizer {
    static final String MERGES = "tokenizer.ggml.merges";
    static final String PRE = "tokenizer.ggml.pre";
    private static final int CACHE_MAX_ENTRIES = 1 << 16;
    private static final int CACHE_MAX_WORD_CHARS = 64;

    private final PreTokenizer preTokenizer;
    private final boolean ignoreMerges;
    /** (256,) byte value -> id of its byte-level token */
    private final int[] byteTokens = new int[256];
    private final MergeTable merges;
    private final Map<String, int[]> wordCache = new ConcurrentHashMap<>();

    BpeTokenizer(MetadataReader kv) {
        PreTokenizer pre = PreTokenizer.forName(kv.string(PRE)); // before super(): flexible constructor body (JEP 513)
        super(new Vocabulary(kv, defaults(pre)), BpeTokenizer::renderPiece);
        this.preTokenizer = pre;
        this.ignoreMerges = pre == PreTokenizer.LLAMA3;
        for (int b = 0; b < 256; b++) {
            String text = String.valueOf(ByteLevel.toChar(b));
            Integer id = vocab.ids.get(text);
            if (id == null) {
                throw new IllegalArgumentException(String.format(
                        "tokenizer metadata key '%s' has no token for byte 0x%02X ('%s'); a gpt2 vocabulary needs all 256",
                        Vocabulary.TOKENS, b, text));
            }
            byteTokens[b] = id;
        }
        this.merges = readMerges(kv.stringList(MERGES));
    }

    /** llama.cpp's defaults for BPE vocabularies; the LLaMA 3 pre-tokenizer turns BOS on. */
    private static Vocabulary.Defaults defaults(PreTokenizer pre) {
        return new Vocabulary.Defaults(11, 11, -1, pre == PreTokenizer.LLAMA3, false);
    }

    private MergeTable readMerges(List<String> lines) {
        MergeTable table = new MergeTable(lines.size());
        for (int rank = 0; rank < lines.size(); rank++) {
            String line = lines.get(rank);
            int space = line.indexOf(' ', 1);
            if (space < 0) {
                throw new IllegalArgumentException("tokenizer metadata key '" + MERGES + "' entry " + rank
                        + " must be two tokens separated by a space but was: '" + line + "'");
            }
            String left = line.substring(0, space);
            String right = line.substring(space + 1);
            Integer leftId = vocab.ids.get(left);
            Integer rightId = vocab.ids.get(right);
            Integer mergedId = vocab.ids.get(left + right);
            if (leftId != null && rightId != null && mergedId != null) {
                table.put(leftId, rightId, rank, mergedId);
            }
        }
        return table;
    }

    @Override
    void encodeFragment(String fragment, boolean afterSpecial, IntStream.Builder out) {
        for (String word : preTokenizer.split(fragment)) {
            int[] ids = wordCache.get(word);
            if (ids == null) {
                ids = encodeWord(word);
                if (word.length() <= CACHE_MAX_WORD_CHARS && wordCache.size() < CACHE_MAX_ENTRIES) {
                    wordCache.put(word, ids);
                }
            }
            for (int id : ids) {
                out.add(id);
            }
        }
    }

    /** BPE of one pre-tokenized piece. */
    int[] encodeWord(String word) {
        byte[] utf8 = word.getBytes(StandardCharsets.UTF_8);
        if (ignoreMerges) {
            Integer whole = vocab.ids.get(ByteLevel.encode(word));
            if (whole != null) {
                return new int[] {whole};
            }
        }
        int n = utf8.length;
        int[] symbol = new int[n]; // token id, or -1 once merged into the left neighbour
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int i = 0; i < n; i++) {
            symbol[i] = byteTokens[utf8[i] & 0xFF];
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        LongMinHeap candidates = new LongMinHeap(Math.max(4, n));
        for (int i = 0; i + 1 < n; i++) {
            offerPair(candidates, symbol, i, i + 1);
        }
        while (!candidates.isEmpty()) {
            long entry = candidates.poll();
            int left = (int) entry;
            int right = symbol[left] < 0 ? -1 : next[left];
            if (right < 0) {
                continue;
            }
            long merge = merges.find(symbol[left], symbol[right]);
            if (merge < 0 || (merge >>> 32) != (entry >>> 32)) {
                continue; // stale: one side changed since this pair was offered
            }
            symbol[left] = (int) merge;
            symbol[right] = -1;
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
            if (prev[left] >= 0) {
                offerPair(candidates, symbol, prev[left], left);
            }
            if (next[left] >= 0) {
                offerPair(candidates, symbol, left, next[left]);
            }
        }
        IntStream.Builder ids = IntStream.builder();
        for (int i = 0; i >= 0 && i < n; i = next[i]) {
            ids.add(symbol[i]);
        }
        return ids.build().toArray();
    }

    private void offerPair(LongMinHeap candidates, int[] symbol, int left, int right) {
        long merge = merges.find(symbol[left], symbol[right]);
        if (merge >= 0) {
            candidates.add((merge & 0xFFFF_FFFF_0000_0000L) | left);
        }
    }

    /** How llama.cpp prints a token of this kind. */
    static byte[] renderPiece(Vocabulary vocab, int id) {
        String text = vocab.tokens.get(id);
        return switch (vocab.types[id]) {
            case NORMAL -> ByteLevel.decode(text);
            case USER_DEFINED -> text.getBytes(StandardCharsets.UTF_8);
            default -> new byte[0]; // llama.cpp prints BPE byte tokens as nothing
        };
    }

    @Override
    String kind() {
        return "gpt2 (" + preTokenizer.name().toLowerCase(java.util.Locale.ROOT) + " pre-tokenizer, " + merges.size() + " merges)";
    }
}
