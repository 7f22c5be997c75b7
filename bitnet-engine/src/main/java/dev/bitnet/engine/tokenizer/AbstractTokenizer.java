package dev.bitnet.engine.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * What both tokenizers share: the vocabulary, special-token splitting, and decoding through a table
 * of each token's bytes (computed once; about 10 bytes per token).
 *
 * @since 0.1
 */
abstract sealed class AbstractTokenizer implements Tokenizer permits BpeTokenizer, SpmTokenizer {
    final Vocabulary vocab;
    private final SpecialTokenSplitter splitter;
    /** (n_vocab,) bytes of each token in plain output, from {@link #renderPiece}. */
    private byte[][] pieces;

    AbstractTokenizer(Vocabulary vocab) {
        this.vocab = vocab;
        this.splitter = new SpecialTokenSplitter(vocab);
    }

    /** Fills the piece table; subclasses call it at the end of their constructor. */
    final void renderPieces() {
        pieces = new byte[vocab.size()][];
        for (int id = 0; id < vocab.size(); id++) {
            pieces[id] = vocab.types[id].rendersAsText() ? renderPiece(id) : new byte[0];
        }
    }

    /** The bytes of a normal, user-defined or byte token, as llama.cpp's {@code llama_token_to_piece}. */
    abstract byte[] renderPiece(int id);

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
