package dev.bitnet.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("SentencePiece tokenizer against bitnet.cpp (fixture bitnet-256x2)")
class BitnetCppFixtureTests {
    private static Tokenizer tokenizer;

    @BeforeAll
    static void loadVocabulary() {
        tokenizer = Tokenizer.fromMetadata(BitnetCppFixture.metadata());
    }

    static List<BitnetCppFixture.Prompt> prompts() {
        return BitnetCppFixture.prompts();
    }

    @ParameterizedTest(name = "prompt {index}")
    @MethodSource("prompts")
    @DisplayName("encodes each prompt to bitnet.cpp's prompt ids, BOS included")
    void encodesPromptsLikeBitnetCpp(BitnetCppFixture.Prompt prompt) {
        assertThat(tokenizer.encode(prompt.text(), tokenizer.addsBos())).containsExactly(prompt.promptIds());
    }

    @ParameterizedTest(name = "prompt {index}")
    @MethodSource("prompts")
    @DisplayName("decodes the generated ids to the text llama-cli printed")
    void decodesGeneratedIdsLikeLlamaCli(BitnetCppFixture.Prompt prompt) {
        assertThat(tokenizer.decode(prompt.generatedIds())).isEqualTo(prompt.generatedText());
        StreamDecoder stream = tokenizer.streamDecoder();
        StringBuilder streamed = new StringBuilder();
        for (int id : prompt.generatedIds()) {
            streamed.append(stream.accept(id));
        }
        assertThat(streamed.append(stream.finish()).toString()).isEqualTo(prompt.generatedText());
    }

    @Test
    @DisplayName("uses llama.cpp's SentencePiece defaults: BOS 1, EOS 2, BOS added, 32002 tokens")
    void usesSpmDefaults() {
        assertThat(tokenizer.vocabSize()).isEqualTo(32002);
        assertThat(tokenizer.bos()).isEqualTo(1);
        assertThat(tokenizer.eos()).isEqualTo(2);
        assertThat(tokenizer.addsBos()).isTrue();
        assertThat(tokenizer.endOfGenerationIds()).containsExactly(2);
        assertThat(tokenizer.tokenType(31001)).isEqualTo(TokenType.UNUSED);
        assertThat(tokenizer.piece(31001)).isEmpty();
    }

    @ParameterizedTest(name = "prompt {index}")
    @MethodSource("prompts")
    @DisplayName("recovers each prompt's text from its ids")
    void detokenizesPromptIdsToPromptText(BitnetCppFixture.Prompt prompt) {
        assertThat(tokenizer.detokenize(prompt.promptIds())).isEqualTo(prompt.text());
        assertThat(tokenizer.decode(prompt.promptIds())).isEqualTo(" " + prompt.text());
    }
}
