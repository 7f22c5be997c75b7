package dev.bitnet.engine.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.bitnet.engine.gguf.GgmlType;
import dev.bitnet.engine.gguf.GgufFile;
import dev.bitnet.engine.gguf.GgufTensorInfo;
import dev.bitnet.engine.gguf.GgufValueType;
import dev.bitnet.engine.gguf.WeightLoading;
import dev.bitnet.engine.quant.Dequantize;
import dev.bitnet.engine.quant.I2S;
import dev.bitnet.engine.tokenizer.Tokenizer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("SyntheticModels")
class SyntheticModelsTests {

    @TempDir
    static Path shared;

    static Path tiny;

    @BeforeAll
    static void writeTiny() throws IOException {
        tiny = shared.resolve("tiny.gguf");
        SyntheticModels.write(Preset.TINY, 42, tiny);
    }

    @Test
    @DisplayName("writes every hyperparameter key bitnet.cpp's loader reads, under the architecture prefix")
    void metadata() {
        ModelShape s = Preset.TINY.shape();
        try (GgufFile f = GgufFile.open(tiny, WeightLoading.MMAP)) {
            assertThat(f.getString("general.architecture")).isEqualTo("bitnet-b1.58");
            assertThat(f.getLong("bitnet-b1.58.vocab_size")).isEqualTo(s.vocab()).isEqualTo(4096);
            assertThat(f.getLong("bitnet-b1.58.context_length")).isEqualTo(1024);
            assertThat(f.getLong("bitnet-b1.58.embedding_length")).isEqualTo(256);
            assertThat(f.getLong("bitnet-b1.58.block_count")).isEqualTo(4);
            assertThat(f.getLong("bitnet-b1.58.feed_forward_length")).isEqualTo(768);
            assertThat(f.getLong("bitnet-b1.58.rope.dimension_count")).isEqualTo(64);
            assertThat(f.getLong("bitnet-b1.58.attention.head_count")).isEqualTo(4);
            assertThat(f.getLong("bitnet-b1.58.attention.head_count_kv")).isEqualTo(2);
            assertThat(f.getFloat("bitnet-b1.58.rope.freq_base")).isEqualTo(500000f);
            assertThat(f.getFloat("bitnet-b1.58.attention.layer_norm_rms_epsilon")).isEqualTo(1e-5f);
            assertThat(f.getLong("general.file_type")).isEqualTo(40);
            for (String k : List.of("bitnet-b1.58.block_count", "general.file_type", "tokenizer.ggml.bos_token_id")) {
                assertThat(f.findValue(k).orElseThrow().type()).as(k).isEqualTo(GgufValueType.UINT32);
            }
            assertThat(f.getString("tokenizer.ggml.model")).isEqualTo("gpt2");
            assertThat(f.getStringList("tokenizer.ggml.tokens")).hasSize(4096);
            assertThat(f.getIntArray("tokenizer.ggml.token_type")).hasSize(4096);
            assertThat(f.getLong("synthetic.seed")).isEqualTo(42);
            assertThat(f.getLong("synthetic.generator_version")).isEqualTo(SyntheticModels.GENERATOR_VERSION);
        }
    }

    @Test
    @DisplayName("writes the fork's tensor names, types and ggml-order shapes, with a tied F16 embedding")
    void tensors() {
        ModelShape s = Preset.TINY.shape();
        try (GgufFile f = GgufFile.open(tiny, WeightLoading.MEMORY)) {
            List<String> names = new ArrayList<>();
            f.tensors().forEach(t -> names.add(t.name()));
            assertThat(names).hasSize(1 + 11 * s.layers() + 1).startsWith("token_embd.weight").endsWith("output_norm.weight")
                    .doesNotContain("output.weight");
            assertThat(f.tensor("token_embd.weight").type()).isEqualTo(GgmlType.F16);
            assertThat(f.tensor("token_embd.weight").ne()).containsExactly(256, 4096);
            assertThat(f.tensor("blk.3.attn_q.weight").ne()).containsExactly(256, 256);
            assertThat(f.tensor("blk.3.attn_k.weight").ne()).containsExactly(256, 128);
            assertThat(f.tensor("blk.3.attn_v.weight").ne()).containsExactly(256, 128);
            assertThat(f.tensor("blk.3.attn_output.weight").ne()).containsExactly(256, 256);
            assertThat(f.tensor("blk.3.ffn_gate.weight").ne()).containsExactly(256, 768);
            assertThat(f.tensor("blk.3.ffn_up.weight").ne()).containsExactly(256, 768);
            assertThat(f.tensor("blk.3.ffn_down.weight").ne()).containsExactly(768, 256);
            assertThat(f.tensor("blk.3.ffn_sub_norm.weight").ne()).containsExactly(768);
            assertThat(f.tensor("blk.3.attn_sub_norm.weight").ne()).containsExactly(256);
            for (GgufTensorInfo t : f.tensors()) {
                if (t.name().endsWith("norm.weight")) {
                    assertThat(t.type()).isEqualTo(GgmlType.F32);
                    float[] v = new float[(int) t.elements()];
                    Dequantize.elements(GgmlType.F32, f.data(t), 0, v, 0, v.length);
                    for (float x : v) {
                        assertThat(x).as(t.name()).isBetween(0.9f, 1.1f);
                    }
                } else if (!t.name().equals("token_embd.weight")) {
                    assertThat(t.type()).as(t.name()).isEqualTo(GgmlType.I2_S);
                }
            }
            long dataBytes = f.tensors().stream().mapToLong(GgufTensorInfo::byteSize).sum();
            assertThat(dataBytes).isEqualTo(s.tensorBytes());
            assertThat(f.fileSize()).isBetween(2L << 20, 6L << 20);
        }
    }

    @Test
    @DisplayName("scales weights so that a projection of a normalised input has outputs of RMS about 1")
    void sensibleScales() {
        try (GgufFile f = GgufFile.open(tiny, WeightLoading.MMAP)) {
            for (String name : List.of("blk.0.attn_q.weight", "blk.1.ffn_down.weight", "blk.2.attn_k.weight")) {
                GgufTensorInfo t = f.tensor(name);
                int k = (int) t.ne(0);
                int n = (int) t.ne(1);
                MemorySegment data = f.data(t);
                byte[] w = I2S.unpack(data, t.elements());
                float scale = I2S.scale(data, t.elements());
                long zeros = 0;
                for (byte b : w) {
                    zeros += b == 0 ? 1 : 0;
                }
                assertThat((double) zeros / w.length).as("%s zero fraction", name).isCloseTo(1 / 3.0, offset(0.02));
                SplittableRandom rnd = new SplittableRandom(1);
                double[] x = new double[k];
                double ss = 0;
                for (int i = 0; i < k; i++) {
                    x[i] = rnd.nextGaussian();
                    ss += x[i] * x[i];
                }
                double norm = Math.sqrt(ss / k);
                double out = 0;
                for (int r = 0; r < n; r++) {
                    double y = 0;
                    for (int i = 0; i < k; i++) {
                        y += w[r * k + i] * x[i] / norm;
                    }
                    y *= scale;
                    out += y * y;
                }
                assertThat(Math.sqrt(out / n)).as("%s output RMS", name).isBetween(0.75, 1.3);
            }
            GgufTensorInfo e = f.tensor("token_embd.weight");
            float[] row = new float[256 * 64];
            Dequantize.elements(GgmlType.F16, f.data(e), 0, row, 0, row.length);
            double ss = 0;
            for (float v : row) {
                ss += v * v;
            }
            assertThat(Math.sqrt(ss / row.length)).as("embedding std").isCloseTo(2 / Math.sqrt(256), offset(0.005));
        }
    }

    @Test
    @DisplayName("writes byte-identical files for the same seed and different ones for another seed")
    void deterministic() throws IOException {
        Path again = shared.resolve("tiny-again.gguf");
        SyntheticModels.write(Preset.TINY, 42, again);
        assertThat(Files.mismatch(tiny, again)).isEqualTo(-1);
        Path other = shared.resolve("tiny-43.gguf");
        SyntheticModels.write(Preset.TINY, 43, other);
        assertThat(Files.mismatch(tiny, other)).isNotEqualTo(-1);
    }

    @Test
    @DisplayName("carries a vocabulary the engine's tokenizer loads and round-trips")
    void vocabularyLoads() {
        try (GgufFile f = GgufFile.open(tiny, WeightLoading.MMAP)) {
            Tokenizer tok = Tokenizer.fromMetadata(f.metadata());
            assertThat(tok.vocabSize()).isEqualTo(4096);
            String text = "Hello world, the model speaks: ü ✓ 123!";
            int[] ids = tok.encode(text, true);
            assertThat(ids[0]).isEqualTo(tok.bos());
            assertThat(tok.decode(java.util.Arrays.copyOfRange(ids, 1, ids.length))).isEqualTo(text);
        }
    }

    @Test
    @DisplayName("ensure writes once, reuses the file, and rewrites it when the sidecar disagrees")
    void ensureCaches() throws IOException {
        Path dir = shared.resolve("cache");
        Path model = SyntheticModels.ensure(Preset.TINY, 7, dir);
        assertThat(model.getFileName().toString()).isEqualTo("bitnet-tiny-seed7.gguf");
        Path sidecar = dir.resolve("bitnet-tiny-seed7.gguf.properties");
        assertThat(Files.readString(sidecar)).contains("generator_version=" + SyntheticModels.GENERATOR_VERSION, "seed=7");
        FileTime old = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(model, old);
        assertThat(SyntheticModels.ensure(Preset.TINY, 7, dir)).isEqualTo(model);
        assertThat(Files.getLastModifiedTime(model)).as("not rewritten").isEqualTo(old);

        Files.writeString(sidecar, Files.readString(sidecar).replace("generator_version=", "generator_version=0"));
        SyntheticModels.ensure(Preset.TINY, 7, dir);
        assertThat(Files.getLastModifiedTime(model)).as("rewritten for a stale sidecar").isNotEqualTo(old);

        Files.setLastModifiedTime(model, old);
        Files.write(model, new byte[] {1, 2, 3});
        SyntheticModels.ensure(Preset.TINY, 7, dir);
        assertThat(Files.size(model)).as("rewritten after truncation").isGreaterThan(1000);
    }

    @Test
    @DisplayName("writes a Q8_0 embedding and the other architecture keys on request")
    void variants() throws IOException {
        ModelShape s = new ModelShape("bitnet", 128, 256, 1, 2, 1, 300, 64, 10000f, 1e-6f, GgmlType.Q8_0);
        Path out = shared.resolve("v.gguf");
        SyntheticModels.write(s, 1, out);
        try (GgufFile f = GgufFile.open(out, WeightLoading.MMAP)) {
            assertThat(f.getLong("bitnet.block_count")).isEqualTo(1);
            assertThat(f.getLong("bitnet.attention.head_count_kv")).isEqualTo(1);
            assertThat(f.tensor("token_embd.weight").type()).isEqualTo(GgmlType.Q8_0);
            float[] row = new float[128];
            Dequantize.row(GgmlType.Q8_0, f.data("token_embd.weight"), 299, 128, row, 0);
            assertThat(row).isNotEqualTo(new float[128]);
            assertThat(f.data("blk.0.attn_k.weight").byteSize()).isEqualTo(128 * 64 / 4 + 32);
        }
    }

    @Test
    @DisplayName("writes a Q6_K embedding whose rows dequantize close to the F16 model's")
    void q6_KEmbedding() throws IOException {
        ModelShape f16 = ModelShape.bitnetB158(256, 256, 1, 2, 1, 300, 64);
        ModelShape q6 = new ModelShape("bitnet-b1.58", 256, 256, 1, 2, 1, 300, 64, 500000f, 1e-5f, GgmlType.Q6_K);
        Path a = shared.resolve("f16.gguf");
        Path b = shared.resolve("q6.gguf");
        SyntheticModels.write(f16, 9, a);
        SyntheticModels.write(q6, 9, b);
        try (GgufFile fa = GgufFile.open(a, WeightLoading.MMAP); GgufFile fb = GgufFile.open(b, WeightLoading.MMAP)) {
            assertThat(fb.tensor("token_embd.weight").type()).isEqualTo(GgmlType.Q6_K);
            assertThat(fb.tensor("token_embd.weight").byteSize()).isEqualTo(300 * 210);
            float[] ra = new float[256];
            float[] rb = new float[256];
            Dequantize.row(GgmlType.F16, fa.data("token_embd.weight"), 123, 256, ra, 0);
            Dequantize.row(GgmlType.Q6_K, fb.data("token_embd.weight"), 123, 256, rb, 0);
            for (int i = 0; i < 256; i++) {
                // same random values; Q6_K steps are at most max|x| / 31 = 0.217 / 31 within a sub-block
                assertThat(rb[i]).as("element %d", i).isCloseTo(ra[i], offset(0.0045f));
            }
        }
        assertThatThrownBy(() -> new ModelShape("bitnet-b1.58", 128, 256, 1, 2, 1, 300, 64, 1f, 1f, GgmlType.Q6_K))
                .hasMessage("dim [128] must be a multiple of the Q6_K block size 256");
    }

    @Test
    @DisplayName("presets have the documented shapes and sizes")
    void presets() {
        ModelShape b = Preset.B2B4T.shape();
        assertThat(List.of(b.dim(), b.layers(), b.heads(), b.kvHeads(), b.headDim(), b.ffnDim(), b.vocab(), b.contextLength()))
                .containsExactly(2560, 30, 20, 5, 128, 6912, 128256, 4096);
        assertThat(b.tensorBytes() / 1e9).as("2b4t GB").isBetween(1.17, 1.20);
        assertThat(Preset.SMALL.shape().parameterCount() / 1e6).as("small M params").isBetween(90.0, 110.0);
        assertThat(Preset.fromId("2B4T")).isEqualTo(Preset.B2B4T);
        assertThatThrownBy(() -> Preset.fromId("huge")).hasMessage("unknown preset 'huge', expected one of [tiny, small, 2b4t]");
        assertThatThrownBy(() -> ModelShape.bitnetB158(200, 768, 1, 4, 2, 4096, 64))
                .hasMessage("dim must be a positive multiple of 128 but was: 200");
        assertThatThrownBy(() -> ModelShape.bitnetB158(256, 768, 1, 4, 3, 4096, 64))
                .hasMessage("kvHeads [3] must divide heads [4]");
    }

}
