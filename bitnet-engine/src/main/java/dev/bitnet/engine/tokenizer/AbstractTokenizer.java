package dev.bitnet.engine.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * What both tokenizers share: the vocabulary, special-token splitting, and decoding through a table
 * of each token's bytes (computed once; about 10 bytes per token).
 *
 * @since 0.1
 */
abstract sealed class AbstractTokenizer implements Tokenizer permits BpeTokenizer, SpmTokenizer {
    /** How a tokenizer kind prints one normal, user-defined or byte token ({@code llama_token_to_piece}). */
    @FunctionalInterface
    interface PieceRenderer {
        byte[] render(Vocabulary vocab, int id);
    }

    /** llama.cpp's end-of-generation texts, matched when the file names no such id ({@code special_eog_ids}). */
    private static final Set<String> END_OF_GENERATION_TEXTS = Set.of(
            "<|eot_id|>", "<|eom_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<EOT>");

    final Vocabulary vocab;
    private final SpecialTokenSplitter splitter;
    /** (n_vocab,) bytes of each token in plain output; empty for tokens that print as nothing. */
    private final byte[][] pieces;
    private final int[] endOfGeneration;

    AbstractTokenizer(Vocabulary vocab, PieceRenderer renderer) {
        this.vocab = vocab;
        this.splitter = new SpecialTokenSplitter(vocab);
        this.pieces = new byte[vocab.size()][];
        for (int id = 0; id < vocab.size(); id++) {
            pieces[id] = vocab.types[id].rendersAsText() ? renderer.render(vocab, id) : new byte[0];
        }
        this.endOfGeneration = endOfGenerationIds(vocab);
    }

    private static int[] endOfGenerationIds(Vocabulary vocab) {
        Set<Integer> ids = new TreeSet<>();
        ids.add(vocab.eos);
        if (vocab.eot >= 0) {
            ids.add(vocab.eot);
        }
        for (String text : END_OF_GENERATION_TEXTS) {
            Integer id = vocab.ids.get(text);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Appends the ids of one text fragment (no special tokens inside).
     *
     * @param afterSpecial whether the fragment starts the text or follows a special token
     */
    abstract void encodeFragment(String fragment, boolean afterSpecial, IntStream.Builder out);

    @Override
    public int[] encode(String text, boolean addBos, boolean parseSpecial) {
        IntStream.Builder out = IntStream.builder();
        if (addBos) {
            out.add(vocab.bos);
        }
        boolean afterSpecial = true;
        List<SpecialTokenSplitter.Fragment> fragments = splitter.split(text, parseSpecial);
        for (SpecialTokenSplitter.Fragment fragment : fragments) {
            if (fragment.isToken()) {
                out.add(fragment.tokenId());
                afterSpecial = true;
            } else {
                encodeFragment(fragment.text(), afterSpecial, out);
                afterSpecial = false;
            }
        }
        return out.build().toArray();
    }

    @Override
    public String decode(int[] ids) {
        return decodeFrom(ids, 0, false);
    }

    @Override
    public String detokenize(int[] ids) {
        int start = ids.length > 0 && ids[0] == vocab.bos ? 1 : 0;
        return decodeFrom(ids, start, vocab.addSpacePrefix);
    }

    private String decodeFrom(int[] ids, int start, boolean stripOneLeadingSpace) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(ids.length * 4);
        for (int i = start; i < ids.length; i++) {
            vocab.checkId(ids[i]);
            byte[] piece = pieces[ids[i]];
            int skip = stripOneLeadingSpace && i == start && piece.length > 0 && piece[0] == ' ' ? 1 : 0;
            bytes.write(piece, skip, piece.length - skip);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] pieceBytes(int id) {
        vocab.checkId(id);
        return pieces[id].clone();
    }

    @Override
    public String piece(int id) {
        vocab.checkId(id);
        return new String(pieces[id], StandardCharsets.UTF_8);
    }

    @Override
    public String tokenText(int id) {
        vocab.checkId(id);
        return vocab.tokens.get(id);
    }

    @Override
    public OptionalInt tokenId(String tokenText) {
        Integer id = vocab.ids.get(tokenText);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public TokenType tokenType(int id) {
        vocab.checkId(id);
        return vocab.types[id];
    }

    @Override
    public int vocabSize() {
        return vocab.size();
    }

    @Override
    public int[] endOfGenerationIds() {
        return endOfGeneration.clone();
    }

    /** One line for logs and {@code bitnet info}, e.g. {@code gpt2 tokenizer: 128256 tokens, BOS 128000, EOS 128001}. */
    @Override
    public String toString() {
        return kind() + " tokenizer: " + vocab.size() + " tokens, BOS " + vocab.bos + ", EOS " + vocab.eos
                + (vocab.addBos ? ", adds BOS" : "");
    }

    /** {@code tokenizer.ggml.model} and what else identifies the variant. */
    abstract String kind();

    @Override
    public int bos() {
        return vocab.bos;
    }

    @Override
    public int eos() {
        return vocab.eos;
    }

    @Override
    public boolean addsBos() {
        return vocab.addBos;
    }
}
