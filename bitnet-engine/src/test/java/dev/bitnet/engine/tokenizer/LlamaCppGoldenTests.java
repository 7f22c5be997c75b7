package dev.bitnet.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Encodings computed by llama.cpp's own tokenizer code (see {@code llamacpp-reference/README.md}). */
@DisplayName("tokenizers against llama.cpp's tokenizer code")
class LlamaCppGoldenTests {

    @Test
    @DisplayName("SentencePiece gives llama.cpp's ids for 313 texts on the bitnet-256x2 vocabulary")
    void spmMatchesLlamaCpp() throws IOException {
        assertMatches(Tokenizer.fromMetadata(BitnetCppFixture.metadata()), "llamacpp-spm-golden.json");
    }

    @Test
    @DisplayName("byte-level BPE gives llama.cpp's ids for 313 texts on the synthetic 128256-token vocabulary")
    void bpeMatchesLlamaCpp() throws IOException {
        assertMatches(SyntheticTokenizers.LLAMA3, "llamacpp-bpe-golden.json");
    }

    private void assertMatches(Tokenizer tokenizer, String resource) throws IOException {
        JsonNode golden;
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            golden = new ObjectMapper().readTree(in);
        }
        int checked = 0;
        for (JsonNode c : golden.get("cases")) {
            String text = c.get("text").asText();
            int[] expected = new int[c.get("ids").size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = c.get("ids").get(i).asInt();
            }
            assertThat(tokenizer.encode(text, tokenizer.addsBos(), true))
                    .as("%s case %d: %s", resource, checked, text)
                    .containsExactly(expected);
            checked++;
        }
        assertThat(checked).isEqualTo(313);
    }
}
