package dev.bitnet.engine.tokenizer;

import dev.bitnet.engine.gguf.GgufValue;
import dev.bitnet.engine.gguf.GgufValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code SyntheticVocabulary} encapsulates a byte-level BPE vocabulary laid out like LLaMA 3's, for the
 * engine's synthetic models: ids 0..255 are the 256 byte tokens in GPT-2's {@code bytes_to_unicode}
 * order, then the tokens learnt by real BPE training on {@link TrainingCorpus}, then, when the merges run
 * out, {@code <|reserved_special_token_N|>} fillers, and last a block of special tokens as in LLaMA 3
 * ({@code <|begin_of_text|>}, {@code <|end_of_text|>}, reserved, {@code <|start_header_id|>},
 * {@code <|end_header_id|>}, reserved, {@code <|eot_id|>}, reserved...).
 *
 * <p>The special block has 256 tokens when the vocabulary is large enough, as in LLaMA 3 (for 128256
 * tokens: BOS 128000, EOS 128001, EOT 128009); smaller vocabularies get a block of
 * {@code (vocabSize - 256) / 2} tokens, but never fewer than the {@value #NAMED_SPECIALS} named ones.
 *
 * <p>Invariants: {@code tokens}, {@code tokenTypes} have {@code vocabSize} entries; every merge
 * {@code "a b"} names two tokens and {@code a + b} is a token.
 *
 * @param tokens token texts by id (byte-level strings), never {@code null}
 * @param merges merges in rank order, each {@code "left right"}
 * @param tokenTypes {@link TokenType#id()} by token id: normal for bytes and learnt tokens, control for specials and fillers
 * @param bosId {@code <|begin_of_text|>}
 * @param eosId {@code <|end_of_text|>}
 * @param eotId {@code <|eot_id|>}
 * @since 0.1
 */
public record SyntheticVocabulary(
        List<String> tokens, List<String> merges, int[] tokenTypes, int bosId, int eosId, int eotId) {

    /** {@code <|begin_of_text|>} .. {@code <|eot_id|>}: the LLaMA 3 specials up to the EOT token. */
    static final int NAMED_SPECIALS = 10;
    /** LLaMA 3 reserves 256 ids for special tokens. */
    static final int LLAMA3_SPECIALS = 256;
    /** The smallest vocabulary: the byte tokens and the named specials. */
    public static final int MIN_VOCAB_SIZE = 256 + NAMED_SPECIALS;

    public SyntheticVocabulary {
        tokens = List.copyOf(tokens);
        merges = List.copyOf(merges);
        tokenTypes = tokenTypes.clone();
        if (tokenTypes.length != tokens.size()) {
            throw new IllegalArgumentException(
                    "tokenTypes must have one entry per token [" + tokens.size() + "] but had: " + tokenTypes.length);
        }
        for (int id : new int[] {bosId, eosId, eotId}) {
            if (id < 0 || id >= tokens.size()) {
                throw new IllegalArgumentException(
                        "special token ids must lie in [0, " + tokens.size() + ") but was: " + id);
            }
        }
    }

    /**
     * Builds the vocabulary; deterministic in both arguments. Fast for LLaMA 3's size: training stops
     * when the corpus has no pair left (a few thousand merges) and the rest is filler.
     *
     * @param vocabSize number of tokens, at least {@value #MIN_VOCAB_SIZE}; 128256 gives LLaMA 3's layout
     * @param seed breaks ties between equally frequent pairs during training
     * @throws IllegalArgumentException when {@code vocabSize} is too small
     */
    public static SyntheticVocabulary build(int vocabSize, long seed) {
        if (vocabSize < MIN_VOCAB_SIZE) {
            throw new IllegalArgumentException(
                    "vocabSize must be at least " + MIN_VOCAB_SIZE + " (256 bytes + " + NAMED_SPECIALS
                            + " special tokens): " + vocabSize);
        }
        int specialCount = Math.min(LLAMA3_SPECIALS, Math.max(NAMED_SPECIALS, (vocabSize - 256) / 2));
        int firstSpecial = vocabSize - specialCount;

        BpeTrainer.Result trained = BpeTrainer.train(TrainingCorpus.TEXT, firstSpecial - 256, seed);

        List<String> tokens = new ArrayList<>(vocabSize);
        int[] types = new int[vocabSize];
        for (int rank = 0; rank < 256; rank++) {
            tokens.add(String.valueOf(ByteLevel.toChar(ByteLevel.byteAtRank(rank))));
        }
        tokens.addAll(trained.learntTokens());
        Arrays.fill(types, 0, tokens.size(), TokenType.NORMAL.id());

        // the special block names its reserved tokens 0.., and the fillers continue the numbering
        List<String> specials = specialBlock(specialCount);
        int reservedInBlock = specialCount - 5;
        for (int n = reservedInBlock; tokens.size() < firstSpecial; n++) {
            types[tokens.size()] = TokenType.CONTROL.id();
            tokens.add(reserved(n));
        }
        Arrays.fill(types, firstSpecial, vocabSize, TokenType.CONTROL.id());
        tokens.addAll(specials);
        return new SyntheticVocabulary(
                Collections.unmodifiableList(tokens), trained.merges(), types,
                firstSpecial, firstSpecial + 1, firstSpecial + 9);
    }

    /** LLaMA 3's special block: ids +0 BOS, +1 EOS, +6/+7 header markers, +9 EOT, the rest reserved. */
    private static List<String> specialBlock(int count) {
        List<String> block = new ArrayList<>(count);
        block.add("<|begin_of_text|>");
        block.add("<|end_of_text|>");
        block.add(reserved(0));
        block.add(reserved(1));
        block.add(reserved(2));
        block.add(reserved(3));
        block.add("<|start_header_id|>");
        block.add("<|end_header_id|>");
        block.add(reserved(4));
        block.add("<|eot_id|>");
        for (int n = 5; block.size() < count; n++) {
            block.add(reserved(n));
        }
        return block;
    }

    private static String reserved(int n) {
        return "<|reserved_special_token_" + n + "|>";
    }

    /** Number of tokens. */
    public int vocabSize() {
        return tokens.size();
    }

    @Override
    public int[] tokenTypes() {
        return tokenTypes.clone();
    }

    /**
     * The {@code tokenizer.*} GGUF metadata this vocabulary implies, in writing order. Values use the
     * reader's Java types ({@code GgufFile.metadata()}): strings, {@code List<String>} for string arrays,
     * {@code int[]} for the INT32 token types, {@code Long} for ids (llama.cpp reads the
     * {@code *_token_id} keys as UINT32), {@code Boolean}.
     */
    public Map<String, Object> ggufMetadata() {
        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("tokenizer.ggml.model", "gpt2");
        kv.put("tokenizer.ggml.pre", "llama-bpe");
        kv.put("tokenizer.ggml.tokens", tokens);
        kv.put("tokenizer.ggml.token_type", tokenTypes.clone());
        kv.put("tokenizer.ggml.merges", merges);
        kv.put("tokenizer.ggml.bos_token_id", (long) bosId);
        kv.put("tokenizer.ggml.eos_token_id", (long) eosId);
        kv.put("tokenizer.ggml.eot_token_id", (long) eotId);
        kv.put("tokenizer.ggml.add_bos_token", Boolean.TRUE);
        return kv;
    }

    /**
     * The same keys as {@link #ggufMetadata()} with their GGUF types, for {@code GgufWriter.putAll}: token
     * ids as UINT32 (llama.cpp rejects other types there), token types as an INT32 array.
     */
    public Map<String, GgufValue> ggufValues() {
        Map<String, GgufValue> kv = new LinkedHashMap<>();
        kv.put("tokenizer.ggml.model", GgufValue.string("gpt2"));
        kv.put("tokenizer.ggml.pre", GgufValue.string("llama-bpe"));
        kv.put("tokenizer.ggml.tokens", GgufValue.stringArray(tokens));
        kv.put("tokenizer.ggml.token_type", GgufValue.intArray(GgufValueType.INT32, tokenTypes.clone()));
        kv.put("tokenizer.ggml.merges", GgufValue.stringArray(merges));
        kv.put("tokenizer.ggml.bos_token_id", GgufValue.uint32(bosId));
        kv.put("tokenizer.ggml.eos_token_id", GgufValue.uint32(eosId));
        kv.put("tokenizer.ggml.eot_token_id", GgufValue.uint32(eotId));
        kv.put("tokenizer.ggml.add_bos_token", GgufValue.bool(true));
        return kv;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SyntheticVocabulary v
                && tokens.equals(v.tokens) && merges.equals(v.merges) && Arrays.equals(tokenTypes, v.tokenTypes)
                && bosId == v.bosId && eosId == v.eosId && eotId == v.eotId;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * tokens.hashCode() + merges.hashCode()) + Arrays.hashCode(tokenTypes);
    }

    @Override
    public String toString() {
        return "SyntheticVocabulary[tokens=" + tokens.size() + ", merges=" + merges.size()
                + ", bos=" + bosId + ", eos=" + eosId + ", eot=" + eotId + "]";
    }
}
