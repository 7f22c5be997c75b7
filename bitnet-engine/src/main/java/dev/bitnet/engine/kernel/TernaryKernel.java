package dev.bitnet.engine.kernel;

/**
 * {@code TernaryKernel} multiplies an I2_S ternary matrix by int8-quantized activations.
 *
 * <p>For output row {@code r}: {@code y[r] = (float) (Σ_k code(r,k)·q[k] − Σq) / s · w_scale},
 * with the 2-bit {@code code} as stored (0, 1, 2 for −1, 0, +1). The integer sum is exact in
 * every implementation, and the float steps happen in this order through {@link #finish}, so all
 * implementations agree bit for bit.
 *
 * <p>Cost: the decode product streams the whole matrix ({@code rows·cols/4} bytes) once per token
 * and is bound by memory bandwidth; {@link #matmul} reads each weight block once for a whole batch.
 *
 * @since 0.1
 */
public interface TernaryKernel {

    /**
     * Builds, on the calling thread, whatever this kernel derives from {@code x} for matrices in
     * {@code layout}, so that threads running {@link #matvecRows} or {@link #matmulRows} on it
     * afterwards only read it. Call it before handing {@code x} to several threads.
     */
    default void prepare(QuantizedVector x, I2sLayout layout) {}

    /** W (rows, cols) @ x (cols,) -> out[outOff, outOff+rows). */
    default void matvec(I2sMatrix w, QuantizedVector x, float[] out, int outOff) {
        checkMatvec(w, x, out, outOff);
        matvecRows(w, x, out, outOff, 0, w.rows());
    }

    /**
     * W (rows, cols) @ X (cols, B) -> outs[b][0, rows) for each of the B = {@code xs.length} vectors:
     * prefill and batched decode.
     */
    default void matmul(I2sMatrix w, QuantizedVector[] xs, float[][] outs) {
        checkMatmul(w, xs, xs.length, outs);
        matmulRows(w, xs, xs.length, outs, 0, w.rows());
    }

    /**
     * Rows {@code [rowFrom, rowTo)} of {@link #matvec}; {@code out[outOff + r]} receives row {@code r}.
     * Arguments are checked only by assertions: call {@link #checkMatvec} at API entry.
     */
    void matvecRows(I2sMatrix w, QuantizedVector x, float[] out, int outOff, int rowFrom, int rowTo);

    /**
     * Rows {@code [rowFrom, rowTo)} of {@link #matmul} for the first {@code count} vectors;
     * {@code outs[b][r]} receives row {@code r} of vector {@code b}.
     */
    void matmulRows(I2sMatrix w, QuantizedVector[] xs, int count, float[][] outs, int rowFrom, int rowTo);

    /** The one float formula every implementation ends with. */
    static float finish(int codeDotQ, QuantizedVector x, float weightScale) {
        return (float) (codeDotQ - x.sum()) / x.scale() * weightScale;
    }

    /** Throws {@link IllegalArgumentException} unless x, out and outOff fit W. */
    static void checkMatvec(I2sMatrix w, QuantizedVector x, float[] out, int outOff) {
        if (x.length() != w.cols()) {
            throw new IllegalArgumentException(
                    "activation length must equal the matrix's K [" + w.cols() + "] but was: " + x.length());
        }
        if (outOff < 0 || outOff > out.length - w.rows()) {
            throw new IllegalArgumentException("output of length " + out.length + " has no room for "
                    + w.rows() + " rows at offset " + outOff);
        }
    }

    /** Throws {@link IllegalArgumentException} unless the first count vectors and outputs fit W. */
    static void checkMatmul(I2sMatrix w, QuantizedVector[] xs, int count, float[][] outs) {
        if (count < 0 || count > xs.length || count > outs.length) {
            throw new IllegalArgumentException("batch count must be within [0, " + Math.min(xs.length, outs.length)
                    + "] (vectors " + xs.length + ", outputs " + outs.length + ") but was: " + count);
        }
        for (int b = 0; b < count; b++) {
            if (xs[b].length() != w.cols()) {
                throw new IllegalArgumentException("activation " + b + " length must equal the matrix's K ["
                        + w.cols() + "] but was: " + xs[b].length());
            }
            if (outs[b].length < w.rows()) {
                throw new IllegalArgumentException("output " + b + " of length " + outs[b].length
                        + " has no room for " + w.rows() + " rows");
            }
        }
    }
}
