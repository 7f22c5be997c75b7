package dev.bitnet.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Tokenizer.fromMetadata on bad metadata")
class TokenizerMetadataTests {

    private static Map<String, Object> validLlama() {
        return new HashMap<>(SpmTokenizerTests.llamaMetadata(List.of("▁a"), new float[] {-1}));
    }

    private static Map<String, Object> validGpt2() {
        return new HashMap<>(BpeTokenizerTests.gpt2Metadata("llama-bpe", List.of("ab"), List.of("a b")));
    }

    @Test
    @DisplayName("names a missing tokenizer.ggml.model")
    void rejectsMissingModel() {
        Map<String, Object> kv = validLlama();
        kv.remove("tokenizer.ggml.model");
        assertThatIllegalArgumentException().isThrownBy(() -> Tokenizer.fromMetadata(kv))
                .withMessage("tokenizer metadata key 'tokenizer.ggml.model' is missing");
    }

    @Test
    @DisplayName("names an unsupported tokenizer.ggml.model")
    void rejectsUnsupportedModel() {
        Map<String, Object> kv = validLlama();
        kv.put("tokenizer.ggml.model", "bert");
        assertThatIllegalArgumentException().isThrownBy(() -> Tokenizer.fromMetadata(kv))
                .withMessage("tokenizer.ggml.model 'bert' is not supported; expected one of [gpt2, llama]");
    }

    @Test
    @DisplayName("names a missing token list")
    void rejectsMissingTokens() {
        Map<String, Object> kv = validGpt2();
        kv.remove("tokenizer.ggml.tokens");
        assertThatIllegalArgumentException().isThrownBy(() -> Tokenizer.fromMetadata(kv))
                .withMessage("tokenizer metadata key 'tokenizer.ggml.tokens' is missing");
    }

    @Test
    @DisplayName("names a mistyped key and the type found")
    void rejectsMistypedKey() {
        Map<String, Object> kv = validLlama();
        kv.put("tokenizer.ggml.scores", "high");
        assertThatIllegalArgumentException().isThrownBy(() -> Tokenizer.fromMetadata(kv))
                .withMessage("tokenizer metadata key 'tokenizer.ggml.scores' must be array of FLOAT32 but was: String");
    }

    @Test
    @DisplayName("names an array whose length disagrees with the token list")
    void rejectsLengthMismatch() {
        Map<String, Object> kv = validLlama();
        kv.put("tokenizer.ggml.scores", new float[3]);
        assertThatIllegalArgumentException().isThrownBy(() -> Tokenizer.fromMetadata(kv))
                .withMessage("tokenizer metadata key 'tokenizer.ggml.scores' has 3 entries but 'tokenizer.ggml.tokens' has 261");
    }

    @Test
    @DisplayName("names a token id outside the vocabulary")
    void rejectsBosOutOfRange() {
        Map<String, Object> kv = validGpt2();
        kv.put("tokenizer.ggml.bos_token_id", 128000L);
        assertThatIllegalArgumentException().isThrownBy(() -> Tokenizer.fromMetadata(kv))
                .withMessage("tokenizer metadata key 'tokenizer.ggml.bos_token_id' is 128000 but the vocabulary has 257 tokens");
    }

    @Test
    @DisplayName("names an unknown token type")
    void rejectsUnknownTokenType() {
        Map<String, Object> kv = validLlama();
        int[] types = ((int[]) kv.get("tokenizer.ggml.token_type")).clone();
        types[7] = 9;
        kv.put("tokenizer.ggml.token_type", types);
        assertThatIllegalArgumentException().isThrownBy(() -> Tokenizer.fromMetadata(kv))
                .withMessage("tokenizer metadata key 'tokenizer.ggml.token_type' entry 7: "
                        + "token type must be one of 0..6 (llama_token_type) but was: 9");
    }

    @Test
    @DisplayName("names a malformed merge")
    void rejectsMalformedMerge() {
        Map<String, Object> kv = validGpt2();
        kv.put("tokenizer.ggml.merges", List.of("a b", "ab"));
        assertThatIllegalArgumentException().isThrownBy(() -> Tokenizer.fromMetadata(kv))
                .withMessage("tokenizer metadata key 'tokenizer.ggml.merges' entry 1 must be two tokens separated by a space but was: 'ab'");
    }

    @Test
    @DisplayName("names a gpt2 vocabulary that lacks a byte token")
    void rejectsMissingByteToken() {
        Map<String, Object> kv = validGpt2();
        @SuppressWarnings("unchecked")
        List<String> tokens = new java.util.ArrayList<>((List<String>) kv.get("tokenizer.ggml.tokens"));
        tokens.set(0, "!!"); // id 0 was '!' = byte 0x21
        kv.put("tokenizer.ggml.tokens", tokens);
        assertThatIllegalArgumentException().isThrownBy(() -> Tokenizer.fromMetadata(kv))
                .withMessage("tokenizer metadata key 'tokenizer.ggml.tokens' has no token for byte 0x21 ('!'); "
                        + "a gpt2 vocabulary needs all 256");
    }

    @Test
    @DisplayName("names a missing tokenizer.ggml.pre for gpt2")
    void rejectsMissingPre() {
        Map<String, Object> kv = validGpt2();
        kv.remove("tokenizer.ggml.pre");
        assertThatIllegalArgumentException().isThrownBy(() -> Tokenizer.fromMetadata(kv))
                .withMessage("tokenizer metadata key 'tokenizer.ggml.pre' is missing");
    }

    @Test
    @DisplayName("names a token id outside the vocabulary when decoding")
    void rejectsUnknownIdInDecode() {
        Tokenizer t = Tokenizer.fromMetadata(validLlama());
        assertThatIllegalArgumentException().isThrownBy(() -> t.decode(new int[] {1, 261}))
                .withMessage("token id must lie in [0, 261) but was: 261");
        assertThatIllegalArgumentException().isThrownBy(() -> t.piece(-1))
                .withMessage("token id must lie in [0, 261) but was: -1");
    }
}
