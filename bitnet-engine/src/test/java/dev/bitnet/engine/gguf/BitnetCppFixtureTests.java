package dev.bitnet.engine.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Loads the model that bitnet.cpp's own tools wrote ({@code fixtures/bitnet-cpp/bitnet-256x2}) and
 * checks every metadata key, value type and tensor against the fixture's {@code expected.json}.
 */
@DisplayName("GgufFile on bitnet.cpp's bitnet-256x2 fixture")
class BitnetCppFixtureTests {

    static final String FIXTURE = "/fixtures/bitnet-cpp/bitnet-256x2/";

    static Path model;
    static JsonNode gguf;

    @BeforeAll
    static void load() throws IOException, URISyntaxException {
        model = resource("model.gguf");
        gguf = new ObjectMapper().readTree(resource("expected.json").toFile()).path("metadata").path("gguf");
        assertThat(gguf.isMissingNode()).isFalse();
    }

    static Path resource(String name) throws URISyntaxException {
        var url = BitnetCppFixtureTests.class.getResource(FIXTURE + name);
        assertThat(url).as("test resource %s", FIXTURE + name).isNotNull();
        return Path.of(url.toURI());
    }

    @ParameterizedTest
    @EnumSource(WeightLoading.class)
    @DisplayName("reads the header, alignment and data offset that expected.json records")
    void readsHeader(WeightLoading loading) throws IOException {
        try (GgufFile f = GgufFile.open(model, loading)) {
            assertThat(f.version()).isEqualTo(gguf.get("gguf_version").asInt());
            assertThat(f.tensors()).hasSize(gguf.get("n_tensors").asInt());
            assertThat(f.metadata()).hasSize(gguf.get("n_kv").asInt());
            assertThat(f.alignment()).isEqualTo(gguf.get("alignment").asInt());
            assertThat(f.dataOffset()).isEqualTo(gguf.get("tensor_data_start").asLong());
            assertThat(f.fileSize()).isEqualTo(gguf.get("file_bytes").asLong()).isEqualTo(Files.size(model));
            assertThat(f.loading()).isEqualTo(loading);
        }
    }

    @ParameterizedTest
    @EnumSource(WeightLoading.class)
    @DisplayName("reads every metadata key with the type and value expected.json records")
    void readsEveryMetadataKey(WeightLoading loading) throws Exception {
        try (GgufFile f = GgufFile.open(model, loading)) {
            JsonNode kv = gguf.get("kv");
            JsonNode types = gguf.get("kv_types");
            assertThat(new ArrayList<>(f.values().keySet())).containsExactlyElementsOf(names(types));
            for (Map.Entry<String, JsonNode> e : kv.properties()) {
                String key = e.getKey();
                GgufValue v = f.findValue(key).orElseThrow();
                assertThat(v.type().name()).as(key).isEqualTo(types.get(key).asText());
                JsonNode expected = e.getValue();
                switch (v.type()) {
                    case STRING -> assertThat(f.getString(key)).as(key).isEqualTo(expected.asText());
                    case FLOAT32 -> assertThat((double) f.getFloat(key)).as(key).isEqualTo(expected.asDouble());
                    case ARRAY -> checkArray(key, v, expected);
                    default -> {
                        assertThat(v.type().isInteger()).as(key).isTrue();
                        assertThat(f.getLong(key)).as(key).isEqualTo(expected.asLong());
                    }
                }
            }
        }
    }

    private static void checkArray(String key, GgufValue v, JsonNode expected) throws NoSuchAlgorithmException {
        assertThat(v.elementType().name()).as(key).isEqualTo(expected.get("array_of").asText());
        assertThat(v.length()).as(key).isEqualTo(expected.get("length").asInt());
        JsonNode first = expected.get("first");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        String hashField;
        switch (v.value()) {
            case List<?> strings -> {
                for (int i = 0; i < first.size(); i++) {
                    assertThat(strings.get(i)).as(key + "[" + i + "]").isEqualTo(first.get(i).asText());
                }
                for (int i = 0; i < strings.size(); i++) {
                    if (i > 0) {
                        sha.update((byte) 0);
                    }
                    sha.update(((String) strings.get(i)).getBytes(StandardCharsets.UTF_8));
                }
                hashField = "sha256_of_items_joined_by_NUL";
            }
            case float[] floats -> {
                for (int i = 0; i < first.size(); i++) {
                    assertThat((double) floats[i]).as(key + "[" + i + "]").isEqualTo(first.get(i).asDouble());
                }
                ByteBuffer b = ByteBuffer.allocate(floats.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(floats);
                sha.update(b.array());
                hashField = "sha256_of_raw_le_bytes";
            }
            case int[] ints -> {
                for (int i = 0; i < first.size(); i++) {
                    assertThat(ints[i]).as(key + "[" + i + "]").isEqualTo(first.get(i).asInt());
                }
                ByteBuffer b = ByteBuffer.allocate(ints.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asIntBuffer().put(ints);
                sha.update(b.array());
                hashField = "sha256_of_raw_le_bytes";
            }
            default -> throw new AssertionError("unexpected array in fixture: " + key + " " + v);
        }
        assertThat(HexFormat.of().formatHex(sha.digest())).as(key + " " + hashField)
                .isEqualTo(expected.get(hashField).asText());
    }

    @ParameterizedTest
    @EnumSource(WeightLoading.class)
    @DisplayName("reads every tensor's name, type, shape, offset, size and bytes as expected.json records")
    void readsEveryTensor(WeightLoading loading) throws Exception {
        try (GgufFile f = GgufFile.open(model, loading)) {
            JsonNode expected = gguf.get("tensors");
            assertThat(f.tensors()).hasSize(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                JsonNode e = expected.get(i);
                GgufTensorInfo t = f.tensors().get(i);
                String name = e.get("name").asText();
                assertThat(t.name()).isEqualTo(name);
                assertThat(f.tensor(name)).isEqualTo(t);
                assertThat(t.type().name()).as(name).isEqualTo(e.get("type").asText());
                assertThat(t.type().id()).as(name).isEqualTo(e.get("type_id").asInt());
                long[] ne = new long[e.get("ne").size()];
                for (int d = 0; d < ne.length; d++) {
                    ne[d] = e.get("ne").get(d).asLong();
                }
                assertThat(t.ne()).as(name).containsExactly(ne);
                assertThat(t.offset()).as(name).isEqualTo(e.get("offset").asLong());
                assertThat(t.byteSize()).as(name).isEqualTo(e.get("nbytes").asLong());
                MemorySegment data = f.data(t);
                assertThat(data.byteSize()).isEqualTo(t.byteSize());
                assertThat(data.isReadOnly()).isTrue();
                assertThat((f.dataOffset() + t.offset()) % f.alignment()).isZero();
                if (loading == WeightLoading.MEMORY) {
                    assertThat(data.address() % 32).as("address alignment of %s", name).isZero();
                }
                // expected.json hashes each tensor's full nbytes, I2_S tails included: this copy of
                // the file carries the very tail bytes that were hashed (they are only unstable
                // across re-quantizations, see PROVENANCE.md).
                assertThat(sha256(data)).as("sha256 of %s", name).isEqualTo(e.get("sha256").asText());
            }
        }
    }

    static String sha256(MemorySegment data) throws NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(data.asByteBuffer());
        return HexFormat.of().formatHex(sha.digest());
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
