package dev.bitnet.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("byte-level BPE tokenizer (gpt2)")
class BpeTokenizerTests {

    /** A gpt2 vocabulary: the 256 byte tokens (ids 0..255 in GPT-2 order), then {@code extra}. */
    static Map<String, Object> gpt2Metadata(String pre, List<String> extra, List<String> merges) {
        List<String> tokens = new ArrayList<>();
        for (int rank = 0; rank < 256; rank++) {
            tokens.add(String.valueOf(ByteLevel.toChar(ByteLevel.byteAtRank(rank))));
        }
        tokens.addAll(extra);
        int[] types = new int[tokens.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = tokens.get(i).startsWith("<|") ? TokenType.CONTROL.id() : TokenType.NORMAL.id();
        }
        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("tokenizer.ggml.model", "gpt2");
        kv.put("tokenizer.ggml.pre", pre);
        kv.put("tokenizer.ggml.tokens", tokens);
        kv.put("tokenizer.ggml.token_type", types);
        kv.put("tokenizer.ggml.merges", merges);
        kv.put("tokenizer.ggml.bos_token_id", 0L);
        kv.put("tokenizer.ggml.eos_token_id", 0L);
        return kv;
    }

    private static int id(Tokenizer t, String tokenText) {
        return t.tokenId(tokenText).orElseThrow();
    }

    @Nested
    @DisplayName("on hand-made vocabularies")
    class HandMade {

        @Test
        @DisplayName("merges the lowest-ranked pair first")
        void mergesLowestRankFirst() {
            Tokenizer bcFirst = Tokenizer.fromMetadata(gpt2Metadata("gpt2", List.of("ab", "bc"), List.of("b c", "a b")));
            Tokenizer abFirst = Tokenizer.fromMetadata(gpt2Metadata("gpt2", List.of("ab", "bc"), List.of("a b", "b c")));

            assertThat(bcFirst.encode("abc", false)).containsExactly(id(bcFirst, "a"), id(bcFirst, "bc"));
            assertThat(abFirst.encode("abc", false)).containsExactly(id(abFirst, "ab"), id(abFirst, "c"));
        }

        @Test
        @DisplayName("merges equally ranked pairs leftmost first and repeats merges across the word")
        void mergesRepeatedPairsLeftToRight() {
            Tokenizer t = Tokenizer.fromMetadata(gpt2Metadata("gpt2", List.of("aa", "aaaa"), List.of("a a", "aa aa")));

            // a a a a a -> aa aa a -> aaaa a
            assertThat(t.encode("aaaaa", false)).containsExactly(id(t, "aaaa"), id(t, "a"));
        }

        @Test
        @DisplayName("builds words through chains of merges, with the leading space as Ġ")
        void buildsWordsThroughMergeChains() {
            Tokenizer t = Tokenizer.fromMetadata(gpt2Metadata("gpt2",
                    List.of("Ġt", "he", "Ġthe", "Ġc", "at"), List.of("Ġ t", "h e", "Ġt he", "Ġ c", "a t")));

            assertThat(t.encode(" the cat", false)).containsExactly(id(t, "Ġthe"), id(t, "Ġc"), id(t, "at"));
            assertThat(t.encode("the", false)).containsExactly(id(t, "t"), id(t, "he"));
        }

        @Test
        @DisplayName("with LLaMA 3's pre-tokenizer takes a piece that is a token whole (ignore_merges)")
        void takesWholeTokensWithLlama3() {
            // "abc" is a token, but no merge leads to it
            Tokenizer llama3 = Tokenizer.fromMetadata(gpt2Metadata("llama-bpe", List.of("abc", "ab"), List.of("a b")));
            Tokenizer gpt2 = Tokenizer.fromMetadata(gpt2Metadata("gpt2", List.of("abc", "ab"), List.of("a b")));

            assertThat(llama3.encode("abc", false)).containsExactly(id(llama3, "abc"));
            assertThat(gpt2.encode("abc", false)).containsExactly(id(gpt2, "ab"), id(gpt2, "c"));
        }

        @Test
        @DisplayName("encodes bytes of non-ASCII text as byte tokens")
        void encodesUtf8BytesAsByteTokens() {
            Tokenizer t = Tokenizer.fromMetadata(gpt2Metadata("llama-bpe", List.of(), List.of()));

            // é = C3 A9 -> byte-level characters Ã (U+00C3) and © (U+00A9)
            assertThat(t.encode("é", false)).containsExactly(id(t, "Ã"), id(t, "©"));
            assertThat(t.decode(t.encode("é", false))).isEqualTo("é");
        }

        @Test
        @DisplayName("adds BOS by default with LLaMA 3's pre-tokenizer, not with GPT-2's")
        void addsBosByDefaultForLlama3() {
            assertThat(Tokenizer.fromMetadata(gpt2Metadata("llama-bpe", List.of(), List.of())).addsBos()).isTrue();
            assertThat(Tokenizer.fromMetadata(gpt2Metadata("gpt2", List.of(), List.of())).addsBos()).isFalse();
        }
    }

    @Nested
    @DisplayName("on the synthetic LLaMA-3-style vocabulary")
    class Synthetic {
        private final Tokenizer t = SyntheticTokenizers.LLAMA3;

        @Test
        @DisplayName("encodes like Hugging Face tokenizers with LLaMA 3's settings (313 recorded cases)")
        void matchesHuggingFaceTokenizers() throws IOException {
            JsonNode golden;
            try (InputStream in = getClass().getResourceAsStream("hf-tokenizers-golden.json")) {
                golden = new ObjectMapper().readTree(in);
            }
            assertThat(golden.get("vocab_size").asInt()).isEqualTo(t.vocabSize());
            int checked = 0;
            for (JsonNode c : golden.get("cases")) {
                String text = c.get("text").asText();
                int[] expected = new int[c.get("ids").size()];
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = c.get("ids").get(i).asInt();
                }
                assertThat(t.encode(text, false)).as("case %d: %s", checked, text).containsExactly(expected);
                checked++;
            }
            assertThat(checked).isEqualTo(313);
        }

        @Test
        @DisplayName("learnt common English words as single tokens")
        void encodesCommonWordsAsSingleTokens() {
            assertThat(t.encode(" the", false)).containsExactly(id(t, "Ġthe"));
            assertThat(t.encode("The river town", false))
                    .containsExactly(id(t, "The"), id(t, "Ġriver"), id(t, "Ġtown"));
        }

        @Test
        @DisplayName("puts BOS first when asked, and encodes the empty string as nothing else")
        void putsBosFirst() {
            assertThat(t.encode("", true)).containsExactly(128000);
            assertThat(t.encode("", false)).isEmpty();
            assertThat(t.encode("Hi", true)).startsWith(128000);
            assertThat(t.addsBos()).isTrue();
        }

        @Test
        @DisplayName("recognises special tokens written in the text, unless special parsing is off")
        void recognisesSpecialTokensInText() {
            String chat = "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>";

            int[] parsed = t.encode(chat, false);
            assertThat(parsed).startsWith(128006).endsWith(128009).contains(128007);
            assertThat(t.encode(chat, false, false)).doesNotContain(128006, 128007, 128009);
            assertThat(t.decode(t.encode(chat, false, false))).isEqualTo(chat);
        }

        @Test
        @DisplayName("prints special tokens as nothing and flags them as special")
        void printsSpecialTokensAsNothing() {
            assertThat(t.decode(new int[] {128000, id(t, "Ġthe"), 128009})).isEqualTo(" the");
            assertThat(t.piece(128009)).isEmpty();
            assertThat(t.tokenText(128009)).isEqualTo("<|eot_id|>");
            assertThat(t.isSpecial(128009)).isTrue();
            assertThat(t.isSpecial(id(t, "Ġthe"))).isFalse();
            assertThat(t.bos()).isEqualTo(128000);
            assertThat(t.eos()).isEqualTo(128001);
        }

        @Test
        @DisplayName("gives the same ids when several threads encode at once")
        void encodesConcurrently() throws Exception {
            Random random = new Random(17);
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                texts.add(RandomText.string(random, 40) + " the river town " + i);
            }
            Tokenizer fresh = Tokenizer.fromMetadata(SyntheticTokenizers.LLAMA3_VOCABULARY.ggufMetadata());
            List<int[]> expected = texts.stream().map(s -> t.encode(s, true)).toList();
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
                List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
                for (int thread = 0; thread < 4; thread++) {
                    results.add(pool.submit(() -> {
                        for (int i = 0; i < texts.size(); i++) {
                            if (!java.util.Arrays.equals(fresh.encode(texts.get(i), true), expected.get(i))) {
                                return false;
                            }
                        }
                        return true;
                    }));
                }
                for (var result : results) {
                    assertThat(result.get()).isTrue();
                }
            }
        }

        @Test
        @DisplayName("describes itself in one line")
        void describesItself() {
            assertThat(t.toString()).startsWith("gpt2 (llama3 pre-tokenizer, ")
                    .endsWith(" merges) tokenizer: 128256 tokens, BOS 128000, EOS 128001, adds BOS");
        }

        @Test
        @DisplayName("ends generation at <|end_of_text|> and <|eot_id|>")
        void endsGenerationAtEosAndEot() {
            assertThat(t.endOfGenerationIds()).containsExactly(128001, 128009);
        }

        @Test
        @DisplayName("uses more than one character per token on English prose")
        void compressesEnglishProse() {
            String prose = TrainingCorpus.TEXT.substring(0, 2000);
            assertThat(t.encode(prose, false).length).isLessThan(prose.length() / 3);
        }
    }

    @Test
    @DisplayName("round-trips seeded random UTF-8 text exactly (emoji, CJK, combining marks, controls, empty)")
    void roundTripsRandomText() {
        for (Tokenizer t : List.of(SyntheticTokenizers.LLAMA3, SyntheticTokenizers.SMALL)) {
            Random random = new Random(20241108);
            for (int i = 0; i < 600; i++) {
                String text = RandomText.string(random, 80);
                int[] ids = t.encode(text, false, false);
                assertThat(t.decode(ids)).as("seed 20241108, case %d: %s", i, text).isEqualTo(text);
                assertThat(t.detokenize(t.encode(text, true, false))).as("seed 20241108, case %d", i).isEqualTo(text);
            }
            assertThat(t.decode(t.encode("", false))).isEmpty();
        }
    }
}
