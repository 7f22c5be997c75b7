package dev.bitnet.engine.synth;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.lang.foreign.MemorySegment;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Properties;
import java.util.SplittableRandom;

import dev.bitnet.engine.gguf.GgmlType;
import dev.bitnet.engine.gguf.GgufValue;
import dev.bitnet.engine.gguf.GgufWriter;
import dev.bitnet.engine.gguf.TensorData;
import dev.bitnet.engine.quant.BlockLayouts;
import dev.bitnet.engine.quant.I2S;
import dev.bitnet.engine.quant.Quantize;
import dev.bitnet.engine.tokenizer.SyntheticVocabulary;

/**
 * {@code SyntheticModels} writes deterministic synthetic BitNet models: a {@link ModelShape} and a
 * seed give a byte-identical GGUF file every time, written through the real {@link GgufWriter} in
 * the layout bitnet.cpp's loader expects (arch-prefixed hyperparameter keys, {@code general.file_type
 * = 40} MOSTLY_I2_S, the fork's tensor names and shapes, I2_S projections, F32 norms, a tied F16
 * (or, on request, Q8_0 or Q6_K) embedding without {@code output.weight}, and a byte-level BPE vocabulary from
 * {@link SyntheticVocabulary}).
 *
 * <p>The weights are random but scaled so that a forward pass stays in a sensible range: norm
 * weights are {@code 1 ± 0.1}; ternary codes are uniform over {-1, 0, +1} with a tensor scale of
 * about {@code 1/sqrt(2K/3)} for input width K, so a projection of an RMS-normalised input has
 * outputs of RMS about 1; the embedding is uniform with standard deviation {@code 2/sqrt(dim)}, so
 * logits of the normalised final state have a standard deviation of about 2.
 *
 * <p>Tensors are streamed into the file as they are generated (chunks of at most a few MB), so the
 * 1.2 GB 2B4T-shaped model needs little heap; each tensor draws from its own
 * {@link SplittableRandom#split() split} of the seed's generator, in file order.
 */
public final class SyntheticModels {

    /**
     * Version of the generator; part of every file's metadata and of {@link #ensure}'s sidecar.
     * Increment it whenever the bytes a (shape, seed) produces change, including changes of
     * {@link SyntheticVocabulary#build}, which {@code ensure} cannot see (a file cached by an older
     * vocabulary is still a valid model, just not byte-identical to a fresh one).
     */
    public static final int GENERATOR_VERSION = 1;
    /** {@code general.file_type} of MOSTLY_I2_S in bitnet.cpp's fork ({@code LLAMA_FTYPE_MOSTLY_I2_S}). */
    public static final int FILE_TYPE_I2_S = 40;

    static final String KEY_GENERATOR_VERSION = "synthetic.generator_version";
    static final String KEY_SEED = "synthetic.seed";
    private static final int CHUNK_BYTES = 1 << 20;

    private SyntheticModels() {}

    /** Writes the preset's model for {@code seed} to {@code out} (atomically). */
    public static void write(Preset preset, long seed, Path out) throws IOException {
        write(preset.shape(), seed, out, "synthetic-" + preset.id());
    }

    /** Writes a model of any valid shape for {@code seed} to {@code out} (atomically). */
    public static void write(ModelShape shape, long seed, Path out) throws IOException {
        write(shape, seed, out, "synthetic");
    }

    private static void write(ModelShape shape, long seed, Path out, String name) throws IOException {
        writer(shape, seed, name).write(out);
    }

    /**
     * Returns the path of the preset's model for {@code seed} in {@code dir}, writing it only if it
     * is missing or was written by another generator version (checked through a sidecar
     * {@code .properties} file next to it, and the file size).
     *
     * @return {@code dir/bitnet-<preset>-seed<seed>.gguf}
     */
    public static Path ensure(Preset preset, long seed, Path dir) throws IOException {
        Path model = dir.resolve("bitnet-" + preset.id() + "-seed" + seed + ".gguf");
        Path sidecar = dir.resolve(model.getFileName() + ".properties");
        Properties expected = new Properties();
        expected.setProperty("generator_version", Integer.toString(GENERATOR_VERSION));
        expected.setProperty("preset", preset.id());
        expected.setProperty("seed", Long.toString(seed));
        if (Files.isRegularFile(model) && Files.isRegularFile(sidecar)) {
            Properties found = new Properties();
            try (Reader r = Files.newBufferedReader(sidecar)) {
                found.load(r);
            }
            String bytes = found.getProperty("bytes");
            found.remove("bytes");
            if (found.equals(expected) && bytes != null && bytes.equals(Long.toString(Files.size(model)))) {
                return model;
            }
        }
        Files.createDirectories(dir);
        write(preset, seed, model);
        expected.setProperty("bytes", Long.toString(Files.size(model)));
        Path tmp = Files.createTempFile(dir, "." + sidecar.getFileName(), ".tmp");
        GgufWriter.makeReadableByAll(tmp);
        try (Writer w = Files.newBufferedWriter(tmp)) {
            expected.store(w, "written by " + SyntheticModels.class.getName() + "; delete to regenerate");
        }
        try {
            Files.move(tmp, sidecar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, sidecar, StandardCopyOption.REPLACE_EXISTING);
        }
        return model;
    }

    /** Builds the writer of a model: metadata, vocabulary and lazily generated tensors. */
    static GgufWriter writer(ModelShape s, long seed, String name) {
        Objects.requireNonNull(s, "shape must not be null");
        String a = s.architecture();
        GgufWriter w = new GgufWriter();
        w.putString("general.architecture", a);
        w.putString("general.name", name);
        w.putUInt32(a + ".vocab_size", s.vocab());
        w.putUInt32(a + ".context_length", s.contextLength());
        w.putUInt32(a + ".embedding_length", s.dim());
        w.putUInt32(a + ".block_count", s.layers());
        w.putUInt32(a + ".feed_forward_length", s.ffnDim());
        w.putUInt32(a + ".rope.dimension_count", s.headDim());
        w.putUInt32(a + ".attention.head_count", s.heads());
        w.putUInt32(a + ".attention.head_count_kv", s.kvHeads());
        w.putFloat32(a + ".rope.freq_base", s.ropeTheta());
        w.putFloat32(a + ".attention.layer_norm_rms_epsilon", s.rmsEps());
        w.putUInt32("general.file_type", FILE_TYPE_I2_S);
        w.putAll(SyntheticVocabulary.build(s.vocab(), seed).ggufValues());
        w.putUInt32("general.quantization_version", 2);
        w.putUInt32(KEY_GENERATOR_VERSION, GENERATOR_VERSION);
        w.put(KEY_SEED, GgufValue.int64(seed));

        SplittableRandom root = new SplittableRandom(seed);
        int d = s.dim();
        int f = s.ffnDim();
        int kv = s.kvDim();
        w.addTensor("token_embd.weight", s.embeddingType(), new long[] {d, s.vocab()},
                embedding(root.split(), s.embeddingType(), d, s.vocab()));
        // per layer in the order of bitnet.cpp's files (see the bitnet-256x2 fixture)
        for (int l = 0; l < s.layers(); l++) {
            String p = "blk." + l + ".";
            w.addTensor(p + "attn_norm.weight", GgmlType.F32, new long[] {d}, norm(root.split(), d));
            w.addTensor(p + "ffn_down.weight", GgmlType.I2_S, new long[] {f, d}, ternary(root.split(), f, d));
            w.addTensor(p + "ffn_sub_norm.weight", GgmlType.F32, new long[] {f}, norm(root.split(), f));
            w.addTensor(p + "ffn_gate.weight", GgmlType.I2_S, new long[] {d, f}, ternary(root.split(), d, f));
            w.addTensor(p + "ffn_up.weight", GgmlType.I2_S, new long[] {d, f}, ternary(root.split(), d, f));
            w.addTensor(p + "ffn_norm.weight", GgmlType.F32, new long[] {d}, norm(root.split(), d));
            w.addTensor(p + "attn_sub_norm.weight", GgmlType.F32, new long[] {d}, norm(root.split(), d));
            w.addTensor(p + "attn_k.weight", GgmlType.I2_S, new long[] {d, kv}, ternary(root.split(), d, kv));
            w.addTensor(p + "attn_output.weight", GgmlType.I2_S, new long[] {d, d}, ternary(root.split(), d, d));
            w.addTensor(p + "attn_q.weight", GgmlType.I2_S, new long[] {d, d}, ternary(root.split(), d, d));
            w.addTensor(p + "attn_v.weight", GgmlType.I2_S, new long[] {d, kv}, ternary(root.split(), d, kv));
        }
        w.addTensor("output_norm.weight", GgmlType.F32, new long[] {d}, norm(root.split(), d));
        return w;
    }

    // ---------------------------------------------------------------------------------------------
    // Tensor generators (each runs when the writer reaches its tensor)
    // ---------------------------------------------------------------------------------------------

    /** F32 norm weights, uniform in [0.9, 1.1]. */
    private static TensorData norm(SplittableRandom rnd, int n) {
        return sink -> {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) rnd.nextDouble(0.9, 1.1);
            }
            MemorySegment seg = MemorySegment.ofArray(new byte[n * 4]);
            MemorySegment.copy(v, 0, seg, BlockLayouts.F32, 0, n);
            sink.write(seg);
        };
    }

    /** The 81 bytes whose four 2-bit codes are all in {0, 1, 2}, i.e. valid packed ternary bytes. */
    private static final byte[] TERNARY_BYTES = new byte[81];

    static {
        for (int i = 0; i < 81; i++) {
            TERNARY_BYTES[i] = (byte) ((i % 3) << 6 | (i / 3 % 3) << 4 | (i / 9 % 3) << 2 | (i / 27 % 3));
        }
    }

    /**
     * An I2_S matrix of {@code k * n} uniform ternary weights (K = ne0 inputs, n = ne1 outputs),
     * generated a packed byte at a time: any sequence of valid bytes is a valid I2_S tensor, and each
     * byte picks one of the 81 code quadruples uniformly, so the weights are i.i.d. uniform.
     */
    private static TensorData ternary(SplittableRandom rnd, int k, int n) {
        return sink -> {
            long elements = (long) k * n;
            long codeBytes = elements / 4;
            float scale = (float) (rnd.nextDouble(0.9, 1.1) / Math.sqrt(2.0 * k / 3.0));
            byte[] chunk = new byte[(int) Math.min(CHUNK_BYTES, codeBytes)];
            for (long done = 0; done < codeBytes; done += chunk.length) {
                int len = (int) Math.min(chunk.length, codeBytes - done);
                for (int i = 0; i < len; i += 2) {
                    long r = rnd.nextLong();
                    chunk[i] = TERNARY_BYTES[(int) (((r & 0xFFFF_FFFFL) * 81) >>> 32)];
                    if (i + 1 < len) {
                        chunk[i + 1] = TERNARY_BYTES[(int) (((r >>> 32) * 81) >>> 32)];
                    }
                }
                sink.write(chunk, 0, len);
            }
            byte[] tail = new byte[I2S.TAIL_BYTES];
            I2S.writeTail(MemorySegment.ofArray(tail), 0, scale);
            sink.write(tail, 0, tail.length);
        };
    }

    /**
     * The tied token embedding: {@code vocab} rows of {@code dim} values, uniform with standard
     * deviation 2/sqrt(dim): each value is one of 65536 evenly spaced levels picked by 16 random
     * bits (four values per {@code nextLong}, fast enough for the 328M values of 2B4T).
     */
    private static TensorData embedding(SplittableRandom rnd, GgmlType type, int dim, int vocab) {
        double amplitude = 2.0 / Math.sqrt(dim) * Math.sqrt(3.0);
        float[] levels = new float[1 << 16];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = (float) (amplitude * ((i + 0.5) / (1 << 15) - 1.0));
        }
        short[] levelsF16 = new short[levels.length];
        for (int i = 0; i < levels.length; i++) {
            levelsF16[i] = Float.floatToFloat16(levels[i]);
        }
        return sink -> {
            int rowsPerChunk = Math.max(1, CHUNK_BYTES / (dim * 2));
            long rowBytes = type.byteSize(dim);
            float[] rows = new float[rowsPerChunk * dim];
            short[] halves = new short[rowsPerChunk * dim];
            MemorySegment out = MemorySegment.ofArray(new byte[(int) (rowsPerChunk * rowBytes)]);
            for (int r = 0; r < vocab; r += rowsPerChunk) {
                int nRows = Math.min(rowsPerChunk, vocab - r);
                int n = nRows * dim;
                for (int i = 0; i < n; i += 4) {
                    long bits = rnd.nextLong();
                    for (int j = 0; j < 4 && i + j < n; j++) {
                        int level = (int) (bits >>> (16 * j)) & 0xFFFF;
                        rows[i + j] = levels[level];
                        halves[i + j] = levelsF16[level];
                    }
                }
                if (type == GgmlType.F16) {
                    // the bits Quantize.f16(rows) would write, without converting each value again
                    MemorySegment.copy(halves, 0, out, BlockLayouts.F16, 0, n);
                } else if (type == GgmlType.Q8_0) {
                    Quantize.q8_0(rows, 0, n, out, 0);
                } else {
                    Quantize.q6_K(rows, 0, n, out, 0);
                }
                sink.write(out.asSlice(0, nRows * rowBytes));
            }
        };
    }
}
