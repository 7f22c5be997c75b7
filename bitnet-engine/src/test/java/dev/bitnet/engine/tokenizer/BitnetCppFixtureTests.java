package dev.bitnet.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
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

    @ParameterizedTest(name = "prompt {index}")
    @MethodSource("prompts")
    @DisplayName("recovers each prompt's text from its ids")
    void detokenizesPromptIdsToPromptText(BitnetCppFixture.Prompt prompt) {
        assertThat(tokenizer.detokenize(prompt.promptIds())).isEqualTo(prompt.text());
        assertThat(tokenizer.decode(prompt.promptIds())).isEqualTo(" " + prompt.text());
    }
}
