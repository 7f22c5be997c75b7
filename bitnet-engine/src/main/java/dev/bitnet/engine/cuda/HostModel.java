package dev.bitnet.engine.cuda;

import dev.bitnet.engine.gguf.GgmlType;
import dev.bitnet.engine.gguf.GgufFile;
import dev.bitnet.engine.gguf.GgufTensorInfo;
import dev.bitnet.engine.kernel.I2sMatrix;
import dev.bitnet.engine.model.BitNetModel;
import dev.bitnet.engine.model.ModelConfig;
import dev.bitnet.engine.model.Weights;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * {@code HostModel} gathers the host-side tensors a {@link CudaModelRunner} uploads: the ternary
 * matrices (I2_S codes and scale), the F32 norm vectors and the F16 token embedding / output head.
 * {@link CudaModelRunnerProvider} builds one from a loaded {@code BitNetModel}; tests build them
 * from synthetic arrays.
 *
 * <p>Invariants: one {@link Layer} per {@code config.layers()}, every shape as the config says,
 * F16 matrices of {@code vocab × dim} halves ({@code 2·vocab·dim} bytes).
 *
 * @param config        the hyperparameters
 * @param layers        (layer) the transformer blocks
 * @param tokenEmbedding token_embd.weight as F16, (vocab, dim)
 * @param outputNorm    output_norm.weight, (dim)
 * @param output        output.weight as F16, (vocab, dim); the token embedding itself when tied
 * @since 0.1
 */
public record HostModel(ModelConfig config, Layer[] layers, MemorySegment tokenEmbedding, float[] outputNorm,
        MemorySegment output) {

    public HostModel {
        Objects.requireNonNull(config, "config must not be null");
        if (layers.length != config.layers()) {
            throw new IllegalArgumentException(
                    "layers must have " + config.layers() + " entries (config.layers()) but had: " + layers.length);
        }
        int dim = config.dim();
        int kvDim = config.kvDim();
        int ffn = config.ffnDim();
        for (int l = 0; l < layers.length; l++) {
            Layer y = layers[l];
            String p = "blk." + l + ".";
            shape(p + "attn_q", y.wq, dim, dim);
            shape(p + "attn_k", y.wk, kvDim, dim);
            shape(p + "attn_v", y.wv, kvDim, dim);
            shape(p + "attn_output", y.wo, dim, dim);
            shape(p + "ffn_gate", y.gate, ffn, dim);
            shape(p + "ffn_up", y.up, ffn, dim);
            shape(p + "ffn_down", y.down, dim, ffn);
            length(p + "attn_norm", y.attnNorm, dim);
            length(p + "attn_sub_norm", y.attnSubNorm, dim);
            length(p + "ffn_norm", y.ffnNorm, dim);
            length(p + "ffn_sub_norm", y.ffnSubNorm, ffn);
        }
        length("output_norm", outputNorm, dim);
        long f16Bytes = 2L * config.vocab() * dim;
        if (tokenEmbedding.byteSize() < f16Bytes) {
            throw new IllegalArgumentException("token embedding must hold " + f16Bytes + " bytes of F16 but had: "
                    + tokenEmbedding.byteSize());
        }
        if (output.byteSize() < f16Bytes) {
            throw new IllegalArgumentException("output head must hold " + f16Bytes + " bytes of F16 but had: "
                    + output.byteSize());
        }
    }

    private static void shape(String name, I2sMatrix m, int rows, int cols) {
        if (m.rows() != rows || m.cols() != cols) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + m.rows() + " x " + m.cols()
                    + ", expected " + rows + " x " + cols + " (rows x cols)");
        }
    }

    private static void length(String name, float[] v, int n) {
        if (v.length != n) {
            throw new IllegalArgumentException("tensor '" + name + "' has " + v.length + " elements, expected " + n);
        }
    }

    /**
     * Views a loaded model's tensors (no copy): the validated ternary matrices and norms of its
     * {@link Weights}, and the raw F16 data of {@code token_embd.weight} (and {@code output.weight}
     * when present) from its GGUF file.
     *
     * @throws IllegalArgumentException naming the tensor when the embedding or head is not F16 (the
     *                                  CUDA head reads F16 only; Q8_0 / Q6_K files run on the CPU)
     */
    public static HostModel of(BitNetModel model) {
        Weights w = model.weights();
        ModelConfig c = model.config();
        Layer[] layers = new Layer[c.layers()];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = new Layer(w.wq[l], w.wk[l], w.wv[l], w.wo[l], w.ffnGate[l], w.ffnUp[l], w.ffnDown[l],
                    w.attnNorm[l], w.attnSubNorm[l], w.ffnNorm[l], w.ffnSubNorm[l]);
        }
        GgufFile file = model.gguf();
        MemorySegment embedding = f16(file, "token_embd.weight");
        MemorySegment output = w.tiedOutput ? embedding : f16(file, "output.weight");
        return new HostModel(c, layers, embedding, w.outputNorm, output);
    }

    private static MemorySegment f16(GgufFile file, String name) {
        GgufTensorInfo t = file.tensor(name);
        if (t.type() != GgmlType.F16) {
            throw new IllegalArgumentException(file.path() + ": tensor '" + name + "' has type " + t.type()
                    + " but the CUDA backend supports [F16] there; use --backend cpu for this file");
        }
        return file.data(t);
    }

    /** @return whether the output head is the token embedding (tied weights) */
    public boolean tied() {
        return output.equals(tokenEmbedding);
    }

    /**
     * One transformer block's tensors, named as in GGUF ({@code blk.N.attn_q.weight} is {@code wq}).
     *
     * @param wq          (dim, dim)
     * @param wk          (kvDim, dim)
     * @param wv          (kvDim, dim)
     * @param wo          (dim, dim)
     * @param gate        (ffn, dim)
     * @param up          (ffn, dim)
     * @param down        (dim, ffn)
     * @param attnNorm    (dim)
     * @param attnSubNorm (dim)
     * @param ffnNorm     (dim)
     * @param ffnSubNorm  (ffn)
     */
    public record Layer(I2sMatrix wq, I2sMatrix wk, I2sMatrix wv, I2sMatrix wo, I2sMatrix gate, I2sMatrix up,
            I2sMatrix down, float[] attnNorm, float[] attnSubNorm, float[] ffnNorm, float[] ffnSubNorm) {}
}
