package dev.bitnet.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.bitnet.engine.gguf.GgufFile;
import dev.bitnet.engine.gguf.GgufValueType;
import dev.bitnet.engine.gguf.GgufWriter;
import dev.bitnet.engine.gguf.WeightLoading;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("SyntheticVocabulary")
class SyntheticVocabularyTests {

    @Test
    @DisplayName("has LLaMA 3's layout at 128256 tokens: bytes first, specials from 128000")
    void hasLlama3LayoutAtFullSize() {
        SyntheticVocabulary v = SyntheticTokenizers.LLAMA3_VOCABULARY;

        assertThat(v.vocabSize()).isEqualTo(128256);
        assertThat(v.bosId()).isEqualTo(128000);
        assertThat(v.eosId()).isEqualTo(128001);
        assertThat(v.eotId()).isEqualTo(128009);
        assertThat(v.tokens().get(128000)).isEqualTo("<|begin_of_text|>");
        assertThat(v.tokens().get(128001)).isEqualTo("<|end_of_text|>");
        assertThat(v.tokens().get(128006)).isEqualTo("<|start_header_id|>");
        assertThat(v.tokens().get(128007)).isEqualTo("<|end_header_id|>");
        assertThat(v.tokens().get(128009)).isEqualTo("<|eot_id|>");
        assertThat(v.tokens().get(128255)).isEqualTo("<|reserved_special_token_250|>");
        // GPT-2 / LLaMA 3 byte token order: '!' is id 0, 'Ġ' (space) is id 220
        assertThat(v.tokens().get(0)).isEqualTo("!");
        assertThat(v.tokens().get(220)).isEqualTo("Ġ");
        assertThat(v.tokens().get(198)).isEqualTo("Ċ");
        assertThat(v.merges()).hasSizeBetween(500, 20000);
        assertThat(v.tokenTypes()[0]).isEqualTo(TokenType.NORMAL.id());
        assertThat(v.tokenTypes()[128000]).isEqualTo(TokenType.CONTROL.id());
        assertThat(v.tokenTypes()[127999]).isEqualTo(TokenType.CONTROL.id());
    }

    @Test
    @DisplayName("has unique tokens and merges whose parts and results are tokens")
    void mergesAreConsistentWithTokens() {
        SyntheticVocabulary v = SyntheticTokenizers.LLAMA3_VOCABULARY;
        Set<String> tokens = new HashSet<>(v.tokens());

        assertThat(tokens).hasSize(v.vocabSize());
        for (String merge : v.merges()) {
            String[] parts = merge.split(" ");
            assertThat(parts).as(merge).hasSize(2);
            assertThat(tokens.contains(parts[0]) && tokens.contains(parts[1]) && tokens.contains(parts[0] + parts[1]))
                    .as("merge '%s' joins two tokens into a token", merge)
                    .isTrue();
        }
        // training learnt common English words with their leading space
        assertThat(List.of("Ġthe", "Ġand", "ing")).allMatch(tokens::contains);
    }

    @Test
    @DisplayName("is deterministic in its seed")
    void isDeterministicInSeed() {
        assertThat(SyntheticVocabulary.build(1024, 1)).isEqualTo(SyntheticVocabulary.build(1024, 1));
        assertThat(SyntheticVocabulary.build(1024, 1).merges())
                .isNotEqualTo(SyntheticVocabulary.build(1024, 2).merges());
    }

    @Test
    @DisplayName("scales the special block down for small vocabularies")
    void scalesSpecialsForSmallVocabularies() {
        SyntheticVocabulary v = SyntheticVocabulary.build(512, 3);

        assertThat(v.vocabSize()).isEqualTo(512);
        assertThat(v.bosId()).isEqualTo(512 - 128);
        assertThat(v.tokens().get(v.eotId())).isEqualTo("<|eot_id|>");
        assertThat(v.merges()).hasSize(128);

        SyntheticVocabulary smallest = SyntheticVocabulary.build(SyntheticVocabulary.MIN_VOCAB_SIZE, 3);
        assertThat(smallest.merges()).isEmpty();
        assertThat(smallest.bosId()).isEqualTo(256);
    }

    @Test
    @DisplayName("rejects a vocabulary smaller than bytes plus named specials")
    void rejectsTooSmallVocabulary() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SyntheticVocabulary.build(265, 1))
                .withMessage("vocabSize must be at least 266 (256 bytes + 10 special tokens): 265");
    }

    @Test
    @DisplayName("survives a GGUF write and read, and the file's metadata gives the same tokenizer")
    void roundTripsThroughGguf(@TempDir Path dir) throws IOException {
        SyntheticVocabulary v = SyntheticVocabulary.build(2048, 9);
        Path file = dir.resolve("vocab.gguf");
        new GgufWriter().putString("general.architecture", "bitnet-b1.58").putAll(v.ggufValues()).write(file);

        Map<String, Object> read;
        try (GgufFile gguf = GgufFile.open(file, WeightLoading.MEMORY)) {
            read = gguf.metadata();
            assertThat(gguf.values().get("tokenizer.ggml.bos_token_id").type()).isEqualTo(GgufValueType.UINT32);
        }
        Map<String, Object> expected = v.ggufMetadata();
        assertThat(read.keySet()).containsAll(expected.keySet());
        assertThat(read.get("tokenizer.ggml.tokens")).isEqualTo(expected.get("tokenizer.ggml.tokens"));
        assertThat((int[]) read.get("tokenizer.ggml.token_type")).isEqualTo(v.tokenTypes());
        assertThat(read.get("tokenizer.ggml.bos_token_id")).isEqualTo(expected.get("tokenizer.ggml.bos_token_id"));

        Tokenizer fromFile = Tokenizer.fromMetadata(read);
        Tokenizer fromMemory = Tokenizer.fromMetadata(expected);
        String text = "<|begin_of_text|>The miller's wife rowed 1887 boats! 😀";
        assertThat(fromFile.encode(text, true)).containsExactly(fromMemory.encode(text, true));
    }

    @Test
    @DisplayName("implies the gguf tokenizer metadata llama.cpp reads")
    void impliesGgufMetadata() {
        SyntheticVocabulary v = SyntheticVocabulary.build(1024, 5);
        Map<String, Object> kv = v.ggufMetadata();

        assertThat(kv).containsEntry("tokenizer.ggml.model", "gpt2")
                .containsEntry("tokenizer.ggml.pre", "llama-bpe")
                .containsEntry("tokenizer.ggml.bos_token_id", (long) v.bosId())
                .containsEntry("tokenizer.ggml.eos_token_id", (long) v.eosId());
        assertThat((List<?>) kv.get("tokenizer.ggml.tokens")).hasSize(1024);
        assertThat((int[]) kv.get("tokenizer.ggml.token_type")).hasSize(1024);
        assertThat((List<?>) kv.get("tokenizer.ggml.merges")).isEqualTo(v.merges());
    }
}
