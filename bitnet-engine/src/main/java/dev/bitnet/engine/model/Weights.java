package dev.bitnet.engine.model;

import dev.bitnet.engine.kernel.FloatRowMatrix;
import dev.bitnet.engine.kernel.I2sMatrix;

/**
 * {@code Weights} holds a BitNet model's tensors as the kernels read them, indexed by layer.
 *
 * <p>Matrices are views of the GGUF file's tensor data (memory-mapped or loaded off-heap, see
 * {@link dev.bitnet.engine.gguf.WeightLoading}); only the small norm vectors are copied to the heap.
 * Names follow the GGUF tensor names ({@code blk.N.attn_q.weight} is {@code wq[N]}). An I2_S matrix
 * has {@code rows} outputs and {@code cols = K} inputs (GGUF ne1 and ne0).
 *
 * <p>The ternary matrices are in bitnet.cpp's row-major layout, except after
 * {@link BitNetModel#useTiledLayout()} (done by the CPU runner for weights loaded into memory),
 * which rearranges them in place into the vector kernel's {@code TILED_32} layout: check
 * {@link I2sMatrix#layout()} before reading the bytes yourself.
 *
 * @since 0.1
 */
public final class Weights {
    // token embedding table
    public final FloatRowMatrix tokenEmbedding; // (vocab, dim)  token_embd.weight
    // attention
    public final float[][] attnNorm;     // (layer, dim)        blk.N.attn_norm.weight
    public final I2sMatrix[] wq;         // (layer) (dim, dim)  blk.N.attn_q.weight
    public final I2sMatrix[] wk;         // (layer) (kvDim, dim) blk.N.attn_k.weight
    public final I2sMatrix[] wv;         // (layer) (kvDim, dim) blk.N.attn_v.weight
    public final float[][] attnSubNorm;  // (layer, dim)        blk.N.attn_sub_norm.weight, before wo
    public final I2sMatrix[] wo;         // (layer) (dim, dim)  blk.N.attn_output.weight
    // feed-forward
    public final float[][] ffnNorm;      // (layer, dim)        blk.N.ffn_norm.weight
    public final I2sMatrix[] ffnGate;    // (layer) (ffn, dim)  blk.N.ffn_gate.weight (w1)
    public final I2sMatrix[] ffnUp;      // (layer) (ffn, dim)  blk.N.ffn_up.weight (w3)
    public final float[][] ffnSubNorm;   // (layer, ffn)        blk.N.ffn_sub_norm.weight, before down
    public final I2sMatrix[] ffnDown;    // (layer) (dim, ffn)  blk.N.ffn_down.weight (w2)
    // final norm and classifier
    public final float[] outputNorm;     // (dim)               output_norm.weight
    public final FloatRowMatrix output;  // (vocab, dim)  output.weight, or the token embedding when tied
    public final boolean tiedOutput;

    // The matrices that share one input, grouped once so a forward step allocates nothing.
    final I2sMatrix[][] wqkv;            // (layer, 3) {wq, wk, wv}
    final I2sMatrix[][] wGateUp;         // (layer, 2) {ffnGate, ffnUp}

    Weights(FloatRowMatrix tokenEmbedding, float[][] attnNorm, I2sMatrix[] wq, I2sMatrix[] wk, I2sMatrix[] wv,
            float[][] attnSubNorm, I2sMatrix[] wo, float[][] ffnNorm, I2sMatrix[] ffnGate, I2sMatrix[] ffnUp,
            float[][] ffnSubNorm, I2sMatrix[] ffnDown, float[] outputNorm, FloatRowMatrix output, boolean tiedOutput) {
        this.tokenEmbedding = tokenEmbedding;
        this.attnNorm = attnNorm;
        this.wq = wq;
        this.wk = wk;
        this.wv = wv;
        this.attnSubNorm = attnSubNorm;
        this.wo = wo;
        this.ffnNorm = ffnNorm;
        this.ffnGate = ffnGate;
        this.ffnUp = ffnUp;
        this.ffnSubNorm = ffnSubNorm;
        this.ffnDown = ffnDown;
        this.outputNorm = outputNorm;
        this.output = output;
        this.tiedOutput = tiedOutput;
        int layers = wq.length;
        this.wqkv = new I2sMatrix[layers][];
        this.wGateUp = new I2sMatrix[layers][];
        for (int l = 0; l < layers; l++) {
            wqkv[l] = new I2sMatrix[] {wq[l], wk[l], wv[l]};
            wGateUp[l] = new I2sMatrix[] {ffnGate[l], ffnUp[l]};
        }
    }

    /** Replaces every ternary matrix by {@code f(name, matrix)} (a re-layout of the same weights). */
    void replaceTernary(java.util.function.BiFunction<String, I2sMatrix, I2sMatrix> f) {
        for (int l = 0; l < wq.length; l++) {
            String p = "blk." + l + ".";
            wq[l] = f.apply(p + "attn_q.weight", wq[l]);
            wk[l] = f.apply(p + "attn_k.weight", wk[l]);
            wv[l] = f.apply(p + "attn_v.weight", wv[l]);
            wo[l] = f.apply(p + "attn_output.weight", wo[l]);
            ffnGate[l] = f.apply(p + "ffn_gate.weight", ffnGate[l]);
            ffnUp[l] = f.apply(p + "ffn_up.weight", ffnUp[l]);
            ffnDown[l] = f.apply(p + "ffn_down.weight", ffnDown[l]);
            wqkv[l] = new I2sMatrix[] {wq[l], wk[l], wv[l]};
            wGateUp[l] = new I2sMatrix[] {ffnGate[l], ffnUp[l]};
        }
    }

    /** @return bytes of weights one decode step reads: every ternary matrix and the output head */
    public long bytesPerToken() {
        long bytes = output.byteSize();
        for (int l = 0; l < wq.length; l++) {
            bytes += wq[l].codeBytes() + wk[l].codeBytes() + wv[l].codeBytes() + wo[l].codeBytes()
                    + ffnGate[l].codeBytes() + ffnUp[l].codeBytes() + ffnDown[l].codeBytes();
        }
        return bytes;
    }
}
