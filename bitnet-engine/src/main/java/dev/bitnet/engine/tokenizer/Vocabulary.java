package dev.bitnet.engine.tokenizer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The token table both tokenizers share: texts, types and scores by id, the reverse map, and the
 * special ids with the defaults llama.cpp applies when a key is absent.
 *
 * <p>Invariants: {@code types} and {@code scores} have one entry per token; {@code bos}, {@code eos}
 * lie in range; {@code unk} and {@code eot} lie in range or are -1.
 *
 * @since 0.1
 */
final class Vocabulary {
    static final String TOKENS = "tokenizer.ggml.tokens";
    static final String SCORES = "tokenizer.ggml.scores";
    static final String TOKEN_TYPE = "tokenizer.ggml.token_type";
    static final String BOS = "tokenizer.ggml.bos_token_id";
    static final String EOS = "tokenizer.ggml.eos_token_id";
    static final String UNK = "tokenizer.ggml.unknown_token_id";
    static final String EOT = "tokenizer.ggml.eot_token_id";
    static final String ADD_BOS = "tokenizer.ggml.add_bos_token";
    static final String ADD_SPACE_PREFIX = "tokenizer.ggml.add_space_prefix";

    /** (n_vocab,) token texts as stored. */
    final List<String> tokens;
    /** (n_vocab,) token types; NORMAL where the file has no {@code token_type}. */
    final TokenType[] types;
    /** (n_vocab,) SentencePiece scores; 0 where the file has none. */
    final float[] scores;
    /** text -> id; for duplicate texts the highest id wins, as in llama.cpp's {@code token_to_id}. */
    final Map<String, Integer> ids;
    final int bos;
    final int eos;
    /** -1 when the vocabulary has none. */
    final int unk;
    /** -1 when the vocabulary has none. */
    final int eot;
    final boolean addBos;
    final boolean addSpacePrefix;

    /** llama.cpp's per-model-type defaults for keys a file may leave out. */
    record Defaults(int bos, int eos, int unk, boolean addBos, boolean addSpacePrefix) {}

    Vocabulary(MetadataReader kv, Defaults defaults) {
        this.tokens = List.copyOf(kv.stringList(TOKENS));
        int n = tokens.size();
        if (n == 0) {
            throw new IllegalArgumentException("tokenizer metadata key '" + TOKENS + "' must not be empty");
        }
        this.scores = kv.optionalFloatArray(SCORES).map(float[]::clone).orElseGet(() -> new float[n]);
        requireLength(SCORES, scores.length, n);
        int[] typeIds = kv.optionalIntArray(TOKEN_TYPE).orElse(null);
        this.types = new TokenType[n];
        if (typeIds == null) {
            java.util.Arrays.fill(types, TokenType.NORMAL);
        } else {
            requireLength(TOKEN_TYPE, typeIds.length, n);
            for (int i = 0; i < n; i++) {
                try {
                    types[i] = TokenType.fromId(typeIds[i]);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "tokenizer metadata key '" + TOKEN_TYPE + "' entry " + i + ": " + e.getMessage(), e);
                }
            }
        }
        this.ids = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            ids.put(tokens.get(i), i);
        }
        this.bos = tokenId(kv, BOS, defaults.bos());
        this.eos = tokenId(kv, EOS, defaults.eos());
        this.unk = optionalTokenId(kv, UNK, defaults.unk());
        this.eot = optionalTokenId(kv, EOT, -1);
        this.addBos = kv.optionalBoolean(ADD_BOS).orElse(defaults.addBos());
        this.addSpacePrefix = kv.optionalBoolean(ADD_SPACE_PREFIX).orElse(defaults.addSpacePrefix());
    }

    int size() {
        return tokens.size();
    }

    void checkId(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IllegalArgumentException("token id must lie in [0, " + tokens.size() + ") but was: " + id);
        }
    }

    private int tokenId(MetadataReader kv, String key, int fallback) {
        int id = kv.optionalInt(key).orElse(fallback);
        if (id < 0 || id >= tokens.size()) {
            throw new IllegalArgumentException("tokenizer metadata key '" + key + "' is " + id
                    + " but the vocabulary has " + tokens.size() + " tokens");
        }
        return id;
    }

    private int optionalTokenId(MetadataReader kv, String key, int fallback) {
        int id = kv.optionalInt(key).orElse(fallback);
        if (id >= tokens.size() || id < -1) {
            throw new IllegalArgumentException("tokenizer metadata key '" + key + "' is " + id
                    + " but the vocabulary has " + tokens.size() + " tokens");
        }
        return id;
    }

    private static void requireLength(String key, int actual, int expected) {
        if (actual != expected) {
            throw new IllegalArgumentException("tokenizer metadata key '" + key + "' has " + actual
                    + " entries but '" + TOKENS + "' has " + expected);
        }
    }
}
