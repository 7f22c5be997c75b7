package dev.bitnet.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PreTokenizer")
class PreTokenizerTests {

    @Test
    @DisplayName("splits like LLaMA 3: words with their leading space, digits in threes, punctuation with newlines")
    void splitsLikeLlama3() {
        assertThat(PreTokenizer.LLAMA3.split("Hello world's 12345 foo!!\n\n  bar"))
                .containsExactly("Hello", " world", "'s", " ", "123", "45", " foo", "!!\n\n", " ", " bar");
    }

    @Test
    @DisplayName("matches contractions in any case")
    void matchesContractionsInAnyCase() {
        assertThat(PreTokenizer.LLAMA3.split("IT'S we'LL"))
                .containsExactly("IT", "'S", " we", "'LL");
    }

    @Test
    @DisplayName("treats Unicode white space as white space (Java's \\s would not)")
    void treatsUnicodeWhiteSpaceAsWhiteSpace() {
        assertThat(PreTokenizer.LLAMA3.split("a\u00A0\u00A0b\u3000c"))
                .containsExactly("a", "\u00A0", "\u00A0b", "\u3000c");
    }

    @Test
    @DisplayName("keeps newlines apart from the spaces before the next word")
    void separatesNewlinesFromFollowingSpaces() {
        assertThat(PreTokenizer.LLAMA3.split("x \n\n  y")).containsExactly("x", " \n\n", " ", " y");
    }

    @Test
    @DisplayName("splits like GPT-2: optional space before letters, digits or symbols")
    void splitsLikeGpt2() {
        assertThat(PreTokenizer.GPT2.split("Hello world's 12345!!  x"))
                .containsExactly("Hello", " world", "'s", " 12345", "!!", " ", " x");
    }

    @Test
    @DisplayName("tiles every text: the pieces concatenate to the input")
    void piecesConcatenateToInput() {
        Random random = new Random(11);
        for (int i = 0; i < 500; i++) {
            String text = RandomText.string(random, 60);
            assertThat(String.join("", PreTokenizer.LLAMA3.split(text))).as("seed 11, case %d", i).isEqualTo(text);
            assertThat(String.join("", PreTokenizer.GPT2.split(text))).as("seed 11, case %d", i).isEqualTo(text);
        }
    }

    @Test
    @DisplayName("rejects an unknown tokenizer.ggml.pre")
    void rejectsUnknownPre() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PreTokenizer.forName("qwen2"))
                .withMessage("tokenizer.ggml.pre 'qwen2' is not supported; expected one of [llama-bpe, llama3, gpt2]");
    }
}
