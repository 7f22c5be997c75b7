package dev.bitnet.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bitnet.engine.gguf.GgufFile;
import dev.bitnet.engine.gguf.WeightLoading;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The {@code bitnet-256x2} fixture: a GGUF written by bitnet.cpp's tools with a SentencePiece
 * vocabulary, and the ids bitnet.cpp produced. Read from the module's test resources, or from the shared
 * fixture folder when the copy is not there.
 */
final class BitnetCppFixture {
    static final String NAME = "bitnet-256x2";
    private static final List<Path> LOCATIONS = List.of(
            Path.of("src/test/resources/fixtures/bitnet-cpp", NAME),
            Path.of("bitnet-engine/src/test/resources/fixtures/bitnet-cpp", NAME),
            Path.of("/work/shared/fixtures/bitnet-cpp", NAME));

    /** One prompt of {@code expected.json}. */
    record Prompt(int index, String text, int[] promptIds, int[] generatedIds, String generatedText) {}

    private BitnetCppFixture() {}

    static Path directory() {
        return LOCATIONS.stream()
                .filter(dir -> Files.isRegularFile(dir.resolve("model.gguf")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("fixture " + NAME + " not found in " + LOCATIONS));
    }

    static Map<String, Object> metadata() {
        try (GgufFile file = GgufFile.open(directory().resolve("model.gguf"), WeightLoading.MMAP)) {
            return file.metadata();
        }
    }

    static List<Prompt> prompts() {
        try {
            JsonNode root = new ObjectMapper().readTree(directory().resolve("expected.json").toFile());
            List<Prompt> prompts = new ArrayList<>();
            for (JsonNode p : root.get("prompts")) {
                byte[] generated = HexFormat.of().parseHex(p.get("generated_text_hex").asText());
                String generatedText = p.get("generated_text").asText();
                if (!generatedText.equals(new String(generated, java.nio.charset.StandardCharsets.UTF_8))) {
                    throw new IllegalStateException("expected.json: generated_text and generated_text_hex disagree");
                }
                prompts.add(new Prompt(p.get("index").asInt(), p.get("text").asText(),
                        ints(p.get("prompt_ids")), ints(p.get("generated_ids")), generatedText));
            }
            return prompts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}
