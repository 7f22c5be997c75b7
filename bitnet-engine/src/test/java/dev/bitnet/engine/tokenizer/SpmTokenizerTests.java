package dev.bitnet.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SentencePiece tokenizer (llama)")
class SpmTokenizerTests {

    /**
     * A llama vocabulary laid out like bitnet.cpp's dummy model: {@code <unk>}, {@code <s>}, {@code </s>},
     * 256 byte tokens, then {@code pieces} with {@code scores}, then one unused padding token. No
     * bos/eos/unk keys, so llama.cpp's defaults apply.
     */
    static Map<String, Object> llamaMetadata(List<String> pieces, float[] pieceScores) {
        List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        List<Integer> types = new ArrayList<>(List.of(2, 3, 3));
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
            types.add(6);
        }
        tokens.addAll(pieces);
        pieces.forEach(p -> types.add(1));
        tokens.add("[PAD0]");
        types.add(5);
        float[] scores = new float[tokens.size()];
        System.arraycopy(pieceScores, 0, scores, 259, pieceScores.length);
        scores[scores.length - 1] = -1000f;
        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("tokenizer.ggml.model", "llama");
        kv.put("tokenizer.ggml.pre", "default");
        kv.put("tokenizer.ggml.tokens", tokens);
        kv.put("tokenizer.ggml.scores", scores);
        kv.put("tokenizer.ggml.token_type", types.stream().mapToInt(Integer::intValue).toArray());
        return kv;
    }

    private final Tokenizer t = Tokenizer.fromMetadata(llamaMetadata(
            List.of("▁", "a", "b", "c", "▁a", "ab", "bc", "▁ab", "abc", "▁abc"),
            new float[] {-1, -2, -2, -2, -3, -4, -0.5f, -5, -6, -7}));

    private int id(String tokenText) {
        return t.tokenId(tokenText).orElseThrow();
    }

    @Test
    @DisplayName("uses llama.cpp's defaults when the ids are absent: BOS 1, EOS 2, BOS added")
    void usesLlamaCppDefaults() {
        assertThat(t.bos()).isEqualTo(1);
        assertThat(t.eos()).isEqualTo(2);
        assertThat(t.addsBos()).isTrue();
        assertThat(t.encode("", true)).containsExactly(1);
        assertThat(t.encode("", false)).isEmpty();
    }

    @Test
    @DisplayName("merges the pair with the best score first and puts a space in front of the text")
    void mergesBestScoreFirst() {
        // ▁ a b c: best pair "bc" (-0.5) -> ▁ a bc; then "▁a" (-3) -> ▁a bc; "▁abc" needs ▁ab+c or ▁a+bc: ▁a+bc -> ▁abc (-7)
        assertThat(t.encode("abc", true)).containsExactly(1, id("▁abc"));
        // c a b: "ab" (-4) beats "▁c"/"ca" which are no tokens -> ▁ c ab
        assertThat(t.encode("cab", false)).containsExactly(id("▁"), id("c"), id("ab"));
    }

    @Test
    @DisplayName("falls back to <0xXX> byte tokens for characters outside the vocabulary")
    void fallsBackToByteTokens() {
        // é = C3 A9, 😀 = F0 9F 98 80
        assertThat(t.encode("aé😀", false)).containsExactly(
                id("▁a"), id("<0xC3>"), id("<0xA9>"), id("<0xF0>"), id("<0x9F>"), id("<0x98>"), id("<0x80>"));
        assertThat(t.detokenize(t.encode("aé😀", true))).isEqualTo("aé😀");
    }

    @Test
    @DisplayName("writes spaces as ▁ and prints them back as spaces")
    void escapesSpaces() {
        assertThat(t.encode("a b", false)).containsExactly(id("▁a"), id("▁"), id("b"));
        assertThat(t.decode(new int[] {id("▁a"), id("▁"), id("b")})).isEqualTo(" a b");
    }

    @Test
    @DisplayName("puts a space in front of text that follows a special token, as llama.cpp does")
    void prefixesSpaceAfterSpecialToken() {
        assertThat(t.encode("a</s>a", false)).containsExactly(id("▁a"), 2, id("▁a"));
        assertThat(t.encode("a</s>a", false, false))
                .doesNotContain(2)
                .startsWith(id("▁a"));
    }

    @Test
    @DisplayName("prints control, unknown and unused tokens as nothing")
    void printsSpecialTokensAsNothing() {
        int pad = t.vocabSize() - 1;
        assertThat(t.decode(new int[] {1, 0, pad, 2, id("ab")})).isEqualTo("ab");
        assertThat(t.isSpecial(pad)).isTrue();
        assertThat(t.isSpecial(0)).isTrue();
        assertThat(t.isSpecial(id("<0x41>"))).isFalse();
        assertThat(t.tokenType(id("<0x41>"))).isEqualTo(TokenType.BYTE);
        assertThat(t.piece(id("<0x41>"))).isEqualTo("A");
    }

    @Test
    @DisplayName("recovers seeded random text from its ids (byte fallback covers every character)")
    void roundTripsRandomText() {
        Random random = new Random(5);
        for (int i = 0; i < 500; i++) {
            // SentencePiece writes spaces as ▁, so a literal ▁ in the input cannot come back
            String text = RandomText.string(random, 60).replace('▁', '_');
            assertThat(t.detokenize(t.encode(text, true, false))).as("seed 5, case %d: %s", i, text).isEqualTo(text);
        }
    }
}
