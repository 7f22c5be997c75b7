package dev.bitnet.engine.tokenizer;

import java.util.Map;
import java.util.OptionalInt;

/**
 * {@code Tokenizer} turns text into token ids and back, for the vocabulary a GGUF file carries.
 *
 * <p>Two kinds exist, chosen by {@code tokenizer.ggml.model}: byte-level BPE ({@code gpt2}, as in
 * LLaMA 3 and BitNet b1.58 2B4T) and SentencePiece ({@code llama}, as in LLaMA 2 and bitnet.cpp's dummy
 * models). Both follow llama.cpp's {@code llama-vocab.cpp}, so that the ids equal what bitnet.cpp
 * computes for the same file. Implementations are immutable and safe to share between threads.
 *
 * <pre>{@code
 * try (GgufFile gguf = GgufFile.open(path, WeightLoading.MMAP)) {
 *     Tokenizer tokenizer = Tokenizer.fromMetadata(gguf.metadata());
 *     int[] prompt = tokenizer.encode("Hello world", tokenizer.addsBos());
 *     StreamDecoder out = tokenizer.streamDecoder();
 *     for (int id : generatedIds) System.out.print(out.accept(id));
 *     System.out.print(out.finish());
 * }
 * }</pre>
 *
 * <p>Text in, ids out: {@link #encode(String, boolean)} first cuts out special tokens written in the
 * text ({@code <|eot_id|>}, {@code <s>}), like llama.cpp with {@code parse_special}. Ids in, text out:
 * {@link #decode(int[])} concatenates the tokens' bytes as llama.cpp prints them (special tokens as
 * nothing) and reads them as UTF-8; {@link #streamDecoder()} does the same a token at a time without
 * splitting a character.
 *
 * @since 0.1
 */
public interface Tokenizer {

    /**
     * The tokenizer described by the {@code tokenizer.*} keys of a GGUF metadata map (as
     * {@code GgufFile.metadata()} returns it).
     *
     * @throws IllegalArgumentException naming the key when a key is missing, mistyped or inconsistent,
     *         or when {@code tokenizer.ggml.model} is neither {@code gpt2} nor {@code llama}
     */
    static Tokenizer fromMetadata(Map<String, Object> gguf) {
        MetadataReader kv = new MetadataReader(gguf);
        String model = kv.string("tokenizer.ggml.model");
        return switch (model) {
            case "gpt2" -> new BpeTokenizer(kv);
            case "llama" -> new SpmTokenizer(kv);
            default -> throw new IllegalArgumentException(
                    "tokenizer.ggml.model '" + model + "' is not supported; expected one of [gpt2, llama]");
        };
    }

    /** {@link #encode(String, boolean, boolean)} with special tokens in the text recognised. */
    default int[] encode(String text, boolean addBos) {
        return encode(text, addBos, true);
    }

    /**
     * The token ids of {@code text}.
     *
     * @param addBos put {@link #bos()} first (pass {@link #addsBos()} to do what the model asks)
     * @param parseSpecial recognise control tokens written in the text; user-defined tokens are
     *        recognised either way, as in llama.cpp
     */
    int[] encode(String text, boolean addBos, boolean parseSpecial);

    /**
     * The text of a sequence of ids: the concatenated bytes of {@link #pieceBytes(int)} read as UTF-8
     * (malformed bytes become U+FFFD). This is what llama.cpp's CLI prints for generated tokens. For
     * byte-level BPE, {@code decode(encode(s, false, false))} equals {@code s} for every string {@code s}
     * without lone surrogates.
     *
     * @throws IllegalArgumentException for an id outside the vocabulary
     */
    String decode(int[] ids);

    /**
     * The text that {@link #encode} was given, recovered from its ids: like {@link #decode(int[])}, but a
     * leading BOS is skipped and the space a SentencePiece vocabulary puts in front of the text
     * ({@code add_space_prefix}) is removed again.
     */
    String detokenize(int[] ids);

    /** The bytes token {@code id} stands for in plain output; empty for control, unknown and unused tokens. */
    byte[] pieceBytes(int id);

    /**
     * {@link #pieceBytes(int)} read as UTF-8; a lone byte token of a multi-byte character reads as U+FFFD,
     * so streams should use {@link #streamDecoder()}.
     */
    String piece(int id);

    /** The token's text as stored in the vocabulary (byte-level characters, {@code ▁} for spaces...). */
    String tokenText(int id);

    /** The id of the token stored with exactly this text, if any. */
    OptionalInt tokenId(String tokenText);

    TokenType tokenType(int id);

    int vocabSize();

    /** Beginning-of-sequence id ({@code tokenizer.ggml.bos_token_id}, or llama.cpp's default). */
    int bos();

    /** End-of-sequence id ({@code tokenizer.ggml.eos_token_id}, or llama.cpp's default). */
    int eos();

    /**
     * The ids that end generation, as llama.cpp's {@code special_eog_ids}: EOS, the EOT id if the file
     * names one, and the tokens with a well-known end text ({@code <|eot_id|>}, {@code <|eom_id|>},
     * {@code <|im_end|>}, {@code <|end|>}, {@code <|endoftext|>}, {@code <end_of_turn>}, {@code <EOT>}).
     * Ascending, never empty.
     */
    int[] endOfGenerationIds();

    /** Whether the model asks for a BOS in front of a prompt ({@code tokenizer.ggml.add_bos_token}, or the default). */
    boolean addsBos();

    /**
     * Whether the token prints as nothing in plain output: control, unknown, unused and undefined tokens.
     * Generation uses this to keep markers such as {@code <|eot_id|>} out of the text.
     */
    default boolean isSpecial(int id) {
        return !tokenType(id).rendersAsText();
    }

    /** A fresh decoder for one stream of generated tokens. */
    default StreamDecoder streamDecoder() {
        return new StreamDecoder(this);
    }
}
