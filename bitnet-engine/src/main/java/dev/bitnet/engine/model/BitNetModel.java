package dev.bitnet.engine.model;


import dev.bitnet.engine.gguf.GgmlType;
import dev.bitnet.engine.gguf.GgufFile;
import dev.bitnet.engine.gguf.GgufTensorInfo;
import dev.bitnet.engine.gguf.OffHeapMemory;
import dev.bitnet.engine.gguf.WeightLoading;
import dev.bitnet.engine.kernel.FloatRowMatrix;
import dev.bitnet.engine.kernel.I2sLayout;
import dev.bitnet.engine.kernel.I2sMatrix;
import dev.bitnet.engine.kernel.KernelWarmUp;
import dev.bitnet.engine.kernel.VectorTernaryKernel;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code BitNetModel} is an open BitNet GGUF file: its {@link ModelConfig}, its validated
 * {@link Weights}. (The tokenizer is built from the same file's metadata by
 * {@code dev.bitnet.engine.tokenizer.Tokenizer.fromMetadata}.)
 *
 * <p>Loading checks every tensor the architecture needs for presence, type and shape against the
 * configuration (bitnet.cpp's fork creates the same tensors for {@code LLM_ARCH_BITNET} and
 * {@code BITNET_B158}), so that a forward pass never meets a malformed tensor.
 *
 * <p>Lifetime: the weights are views into the {@link GgufFile}'s memory (its own arena: a file
 * mapping or one off-heap copy); closing the model closes the file and invalidates every runner
 * built on it. No heap copy of the large tensors is made.
 *
 * @since 0.1
 */
public final class BitNetModel implements AutoCloseable {

    private static final ValueLayout.OfFloat LE_FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Types the token embedding / output head may have (llama-quantize picks by hidden size). */
    public static final Set<GgmlType> EMBEDDING_TYPES = EnumSet.of(GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q6_K);

    private final GgufFile file;
    private final ModelConfig config;
    private final Weights weights;

    private BitNetModel(GgufFile file, ModelConfig config, Weights weights) {
        this.file = file;
        this.config = config;
        this.weights = weights;
    }

    /**
     * Opens and validates a BitNet GGUF file.
     *
     * @param gguf    the file
     * @param loading memory-map it, or copy the tensor data off-heap
     * @throws dev.bitnet.engine.gguf.GgufFormatException for a malformed GGUF file
     * @throws ModelFormatException for metadata or tensors that do not fit the architecture
     */
    public static BitNetModel load(Path gguf, WeightLoading loading) {
        // For a large model, compile the kernels before its weights are read (see KernelWarmUp): the
        // compiler's transient C heap then comes and goes while the process is small. (Overlapped
        // with the read, it landed near the end of it on a slow host: peak RSS 1284-1300 MiB.)
        Thread warmUp = largeModel(gguf) && !"false".equals(System.getProperty("bitnet.warmUp"))
                ? KernelWarmUp.start(WARM_UP_NANOS) : null;
        if (warmUp != null) {
            joinQuietly(warmUp);
            OffHeapMemory.trimNativeHeap();
        }
        GgufFile file = GgufFile.open(gguf, loading);
        try {
            ModelConfig config = ModelConfig.fromGguf(file);
            checkRopeScaling(file, config);
            Weights weights = new Loader(file, config).weights();
            return new BitNetModel(file, config, weights);
        } catch (RuntimeException | Error e) {
            try {
                file.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Models from this size on get the kernel warm-up during loading. */
    static final long LARGE_MODEL_BYTES = 256L << 20;
    private static final long WARM_UP_NANOS = 8_000_000_000L;

    private static boolean largeModel(Path gguf) {
        try {
            return java.nio.file.Files.size(gguf) >= LARGE_MODEL_BYTES;
        } catch (java.io.IOException e) {
            return false; // GgufFile.open reports the problem
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(WARM_UP_NANOS / 1_000_000 + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the hyperparameters */
    public ModelConfig config() {
        return config;
    }

    /** @return the validated tensors */
    public Weights weights() {
        return weights;
    }

    /** @return the underlying file, for metadata and raw tensor access (e.g. a GPU upload) */
    public GgufFile gguf() {
        return file;
    }

    /** @return the file path */
    public Path path() {
        return file.path();
    }

    /** @return how the weights were made available */
    public WeightLoading loading() {
        return file.loading();
    }

    /**
     * Rearranges the ternary matrices in place into the vector kernel's {@link I2sLayout#TILED_32}
     * layout (table lookups instead of shifts and masks; the same bytes, regrouped per 32 rows), when
     * the weights were loaded into memory, the CPU's vectors are wide enough
     * ({@link VectorTernaryKernel#prefersTiled()}) and the matrix has a multiple of 32 rows.
     * Memory-mapped weights are read-only and stay as they are (tiling a copy would double the
     * memory). Idempotent; call it before any runner computes with the weights.
     *
     * @return whether the matrices are now tiled
     */
    public synchronized boolean useTiledLayout() {
        if (file.loading() != WeightLoading.MEMORY || !VectorTernaryKernel.prefersTiled()) {
            return false;
        }
        weights.replaceTernary((name, m) -> {
            if (m.layout() == I2sLayout.TILED_32 || !m.canTile()) {
                return m;
            }
            I2sMatrix writable = I2sMatrix.of(file.writableData(file.tensor(name)), m.rows(), m.cols());
            I2sMatrix tiled = writable.tileInPlace();
            return new I2sMatrix(tiled.packed(), m.rows(), m.cols(), m.scale(), tiled.layout());
        });
        return true;
    }

    /** Closes the file; runners built on this model must not be used afterwards. */
    @Override
    public void close() {
        file.close();
    }

    @Override
    public String toString() {
        return "BitNetModel[" + file.path() + ", " + config + ", " + file.loading() + "]";
    }

    private static void checkRopeScaling(GgufFile file, ModelConfig config) {
        String prefix = config.architecture() + ".rope.scaling.";
        Object type = file.metadata().get(prefix + "type");
        Object factor = file.metadata().get(prefix + "factor");
        boolean noType = type == null || "none".equals(type) || "linear".equals(type);
        boolean unitFactor = factor == null || (factor instanceof Number n && n.floatValue() == 1f)
                || (factor instanceof Number n0 && n0.floatValue() == 0f);
        if (!noType || !unitFactor) {
            throw new ModelFormatException(file.path() + ": metadata keys '" + prefix + "type' = " + type + " and '"
                    + prefix + "factor' = " + factor + " ask for RoPE scaling, which this build does not support"
                    + " (expected none, or linear with factor 1)");
        }
    }

    /** Looks up and checks tensors; one instance per load. */
    private static final class Loader {
        private final GgufFile file;
        private final ModelConfig c;
        private final Map<String, GgufTensorInfo> byName = new HashMap<>();

        Loader(GgufFile file, ModelConfig config) {
            this.file = file;
            this.c = config;
            for (GgufTensorInfo t : file.tensors()) {
                byName.put(t.name(), t);
            }
        }

        Weights weights() {
            int layers = c.layers();
            int dim = c.dim();
            int kvDim = c.kvDim();
            int ffn = c.ffnDim();
            FloatRowMatrix embedding = floatRows("token_embd.weight", dim, c.vocab());
            float[][] attnNorm = new float[layers][];
            float[][] attnSubNorm = new float[layers][];
            float[][] ffnNorm = new float[layers][];
            float[][] ffnSubNorm = new float[layers][];
            I2sMatrix[] wq = new I2sMatrix[layers];
            I2sMatrix[] wk = new I2sMatrix[layers];
            I2sMatrix[] wv = new I2sMatrix[layers];
            I2sMatrix[] wo = new I2sMatrix[layers];
            I2sMatrix[] gate = new I2sMatrix[layers];
            I2sMatrix[] up = new I2sMatrix[layers];
            I2sMatrix[] down = new I2sMatrix[layers];
            for (int l = 0; l < layers; l++) {
                String p = "blk." + l + ".";
                attnNorm[l] = vector(p + "attn_norm.weight", dim);
                wq[l] = ternary(p + "attn_q", dim, dim);
                wk[l] = ternary(p + "attn_k", dim, kvDim);
                wv[l] = ternary(p + "attn_v", dim, kvDim);
                attnSubNorm[l] = vector(p + "attn_sub_norm.weight", dim);
                wo[l] = ternary(p + "attn_output", dim, dim);
                ffnNorm[l] = vector(p + "ffn_norm.weight", dim);
                gate[l] = ternary(p + "ffn_gate", dim, ffn);
                up[l] = ternary(p + "ffn_up", dim, ffn);
                ffnSubNorm[l] = vector(p + "ffn_sub_norm.weight", ffn);
                down[l] = ternary(p + "ffn_down", ffn, dim);
            }
            float[] outputNorm = vector("output_norm.weight", dim);
            boolean tied = !byName.containsKey("output.weight");
            FloatRowMatrix output = tied ? embedding : floatRows("output.weight", dim, c.vocab());
            return new Weights(embedding, attnNorm, wq, wk, wv, attnSubNorm, wo, ffnNorm, gate, up, ffnSubNorm, down,
                    outputNorm, output, tied);
        }

        private GgufTensorInfo require(String name, Set<GgmlType> types, long... ne) {
            GgufTensorInfo t = byName.get(name);
            if (t == null) {
                throw new ModelFormatException(file.path() + ": tensor '" + name + "' is missing; architecture '"
                        + c.architecture() + "' with " + c.layers() + " layers needs it");
            }
            if (!types.contains(t.type())) {
                throw new ModelFormatException(file.path() + ": tensor '" + name + "' has type " + t.type()
                        + " but this build supports " + types + " there");
            }
            long[] actual = t.ne();
            if (!Arrays.equals(actual, ne)) {
                throw new ModelFormatException(file.path() + ": tensor '" + name + "' has shape "
                        + Arrays.toString(actual) + ", expected " + Arrays.toString(ne) + " (ggml order, ne0 first) for "
                        + c);
            }
            return t;
        }

        /** An F32 vector: a norm weight. Copied to the heap (a few KB). */
        private float[] vector(String name, int n) {
            GgufTensorInfo t = require(name, EnumSet.of(GgmlType.F32), n);
            MemorySegment data = file.data(t);
            float[] out = new float[n];
            MemorySegment.copy(data, LE_FLOAT, 0, out, 0, n);
            return out;
        }

        /** An I2_S matrix {@code <base>.weight} of ne = [cols, rows], with an optional {@code <base>.scale}. */
        private I2sMatrix ternary(String base, int cols, int rows) {
            String name = base + ".weight";
            GgufTensorInfo t = require(name, EnumSet.of(GgmlType.I2_S), cols, rows);
            if (cols % I2sMatrix.BLOCK_ELEMENTS != 0) {
                throw new ModelFormatException(file.path() + ": tensor '" + name + "' has rows of " + cols
                        + " elements, expected a multiple of " + I2sMatrix.BLOCK_ELEMENTS + " (the I2_S block)");
            }
            I2sMatrix m = I2sMatrix.of(file.data(t), rows, cols);
            if (!Float.isFinite(m.scale())) {
                throw new ModelFormatException(file.path() + ": tensor '" + name + "' has scale " + m.scale()
                        + ", expected a finite number");
            }
            // Optional per-tensor extra scale (the fork's wq_scale etc., TENSOR_NOT_REQUIRED); the
            // fork multiplies the product by it, which equals scaling the tensor scale up to rounding.
            GgufTensorInfo extra = byName.get(base + ".scale");
            if (extra != null) {
                require(base + ".scale", EnumSet.of(GgmlType.F32), 1);
                float s = file.data(extra).get(LE_FLOAT, 0);
                m = new I2sMatrix(m.packed(), m.rows(), m.cols(), m.scale() * s);
            }
            return m;
        }

        private FloatRowMatrix floatRows(String name, int cols, int rows) {
            GgufTensorInfo t = require(name, EMBEDDING_TYPES, cols, rows);
            MemorySegment data = file.data(t);
            try {
                return switch (t.type()) {
                    case F32 -> FloatRowMatrix.f32(data, rows, cols);
                    case F16 -> FloatRowMatrix.f16(data, rows, cols);
                    case Q8_0 -> FloatRowMatrix.q8_0(data, rows, cols);
                    case Q6_K -> FloatRowMatrix.q6_K(data, rows, cols);
                    default -> throw new IllegalStateException("unreachable: " + t.type());
                };
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(file.path() + ": tensor '" + name + "': " + e.getMessage(), e);
            }
        }
    }

    static List<String> tensorNamesForLayer(int l) {
        String p = "blk." + l + ".";
        return List.of(p + "attn_norm.weight", p + "attn_q.weight", p + "attn_k.weight", p + "attn_v.weight",
                p + "attn_sub_norm.weight", p + "attn_output.weight", p + "ffn_norm.weight", p + "ffn_gate.weight",
                p + "ffn_up.weight", p + "ffn_sub_norm.weight", p + "ffn_down.weight");
    }
}
