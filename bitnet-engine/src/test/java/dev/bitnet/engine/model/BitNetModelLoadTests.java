package dev.bitnet.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitnet.engine.gguf.GgmlType;
import dev.bitnet.engine.gguf.GgufFile;
import dev.bitnet.engine.gguf.GgufFormatException;
import dev.bitnet.engine.gguf.GgufTensorInfo;
import dev.bitnet.engine.gguf.GgufValue;
import dev.bitnet.engine.gguf.GgufWriter;
import dev.bitnet.engine.gguf.WeightLoading;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("BitNetModel.load")
class BitNetModelLoadTests {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(WeightLoading.class)
    @DisplayName("reads the configuration and every tensor of a valid model")
    void loadsValidModel(WeightLoading loading) {
        try (BitNetModel m = BitNetModel.load(TestModels.relu2(), loading)) {
            ModelConfig c = m.config();
            assertThat(c.architecture()).isEqualTo("bitnet-b1.58");
            assertThat(c.ffnActivation()).isEqualTo(Activation.RELU2);
            assertThat(c.kvDim()).isEqualTo(128);
            assertThat(m.weights().wq).hasSize(2);
            assertThat(m.weights().wk[1].rows()).isEqualTo(128);
            assertThat(m.weights().ffnDown[0].cols()).isEqualTo(384);
            assertThat(m.weights().tiedOutput).isTrue();
            assertThat(m.loading()).isEqualTo(loading);
        }
        try (BitNetModel m = BitNetModel.load(TestModels.silu(), loading)) {
            assertThat(m.config().ffnActivation()).isEqualTo(Activation.SILU);
        }
    }

    @Test
    @DisplayName("names the tensor, its shape and the expected shape when a shape disagrees with the config")
    void rejectsWrongShape() throws IOException {
        Path bad = rewrite("shape", (name, t) -> name.equals("blk.1.attn_k.weight")
                ? new Tensor(t.type(), new long[] {256, 256}, padTo(t, 256L * 256 / 4 + 32)) : null, Map.of());
        assertThatThrownBy(() -> BitNetModel.load(bad, WeightLoading.MMAP)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(bad.toString())
                .hasMessageContaining("tensor 'blk.1.attn_k.weight' has shape [256, 256], expected [256, 128]");
    }

    @Test
    @DisplayName("names the tensor and the supported types when a type is wrong")
    void rejectsWrongType() throws IOException {
        Path bad = rewrite("type", (name, t) -> name.equals("blk.0.attn_norm.weight")
                ? new Tensor(GgmlType.F16, t.ne(), new byte[(int) t.elements() * 2]) : null, Map.of());
        assertThatThrownBy(() -> BitNetModel.load(bad, WeightLoading.MMAP)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("tensor 'blk.0.attn_norm.weight' has type F16 but this build supports [F32]");
    }

    @Test
    @DisplayName("names a missing tensor")
    void rejectsMissingTensor() throws IOException {
        Path bad = rewrite("missing", (name, t) -> name.equals("blk.1.ffn_sub_norm.weight") ? Tensor.DROP : null,
                Map.of());
        assertThatThrownBy(() -> BitNetModel.load(bad, WeightLoading.MMAP)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("tensor 'blk.1.ffn_sub_norm.weight' is missing");
    }

    @Test
    @DisplayName("rejects an unknown architecture, naming the supported ones")
    void rejectsUnknownArchitecture() throws IOException {
        Path bad = rewrite("arch", (n, t) -> null, Map.of("general.architecture", GgufValue.string("llama")));
        assertThatThrownBy(() -> BitNetModel.load(bad, WeightLoading.MMAP)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("architecture 'llama' is not supported")
                .hasMessageContaining("[bitnet, bitnet-25, bitnet-b1.58]");
    }

    @Test
    @DisplayName("names a missing metadata key")
    void rejectsMissingKey() throws IOException {
        Path bad = rewrite("key", (n, t) -> null, Map.of("bitnet-b1.58.attention.layer_norm_rms_epsilon", REMOVE));
        assertThatThrownBy(() -> BitNetModel.load(bad, WeightLoading.MMAP)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("metadata key 'bitnet-b1.58.attention.layer_norm_rms_epsilon' is missing");
    }

    @Test
    @DisplayName("rejects inconsistent head counts")
    void rejectsInconsistentHeads() throws IOException {
        Path bad = rewrite("heads", (n, t) -> null, Map.of("bitnet-b1.58.attention.head_count_kv", GgufValue.uint32(3)));
        assertThatThrownBy(() -> BitNetModel.load(bad, WeightLoading.MMAP)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("heads [4] must be a multiple of kvHeads but kvHeads was: 3");
    }

    @Test
    @DisplayName("passes on the GGUF reader's error for a truncated file")
    void rejectsTruncatedFile() throws IOException {
        byte[] all = Files.readAllBytes(TestModels.relu2());
        Path bad = dir.resolve("truncated.gguf");
        Files.write(bad, java.util.Arrays.copyOf(all, all.length / 2));
        assertThatThrownBy(() -> BitNetModel.load(bad, WeightLoading.MMAP)).isInstanceOf(GgufFormatException.class)
                .hasMessageContaining(bad.toString());
    }

    // ------------------------------------------------------------------ rewriting a model file

    static final GgufValue REMOVE = GgufValue.string("\u0000remove");

    record Tensor(GgmlType type, long[] ne, byte[] bytes) {
        static final Tensor DROP = new Tensor(GgmlType.F32, new long[] {1}, new byte[0]);
    }

    static byte[] padTo(GgufTensorInfo t, long size) {
        return new byte[(int) size];
    }

    /** Copies the ReLU² test model, replacing tensors and metadata as asked. */
    Path rewrite(String name, BiFunction<String, GgufTensorInfo, Tensor> tensors, Map<String, GgufValue> metadata)
            throws IOException {
        Path out = dir.resolve(name + ".gguf");
        try (GgufFile src = GgufFile.open(TestModels.relu2(), WeightLoading.MMAP)) {
            GgufWriter w = new GgufWriter();
            Map<String, GgufValue> values = new LinkedHashMap<>(src.values());
            values.remove("general.alignment");
            for (var e : metadata.entrySet()) {
                if (e.getValue() == REMOVE) {
                    values.remove(e.getKey());
                } else {
                    values.put(e.getKey(), e.getValue());
                }
            }
            w.putAll(values);
            for (GgufTensorInfo t : src.tensors()) {
                Tensor replacement = tensors.apply(t.name(), t);
                if (replacement == Tensor.DROP) {
                    continue;
                }
                if (replacement != null) {
                    w.addTensor(t.name(), replacement.type(), replacement.ne(), replacement.bytes());
                } else {
                    w.addTensor(t.name(), t.type(), t.ne(), src.data(t));
                }
            }
            w.write(out);
        }
        return out;
    }
}
