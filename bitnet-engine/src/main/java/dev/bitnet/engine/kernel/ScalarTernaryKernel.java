package dev.bitnet.engine.kernel;

/**
 * {@code ScalarTernaryKernel} is the specification of {@link TernaryKernel}: plain loops that
 * unpack each 2-bit code exactly as DESIGN.md describes the I2_S layout and multiply it with the
 * int8 activation, reading each code byte through {@link I2sMatrix#codeByte} whatever the layout.
 * Slow (about 0.4 GB/s); the fast kernels must equal it bit for bit.
 *
 * @since 0.1
 */
public final class ScalarTernaryKernel implements TernaryKernel {

    /** The shared instance; the kernel has no state. */
    public static final ScalarTernaryKernel INSTANCE = new ScalarTernaryKernel();

    private ScalarTernaryKernel() {}

    /** Σ_k code(r,k)·q[k] for row r: byte b of a 128-element block holds elements b, b+32, b+64, b+96 in bits 7:6, 5:4, 3:2, 1:0. */
    static int codeDotQ(I2sMatrix w, int r, byte[] q) {
        int acc = 0;
        for (int blk = 0; blk < w.cols(); blk += I2sMatrix.BLOCK_ELEMENTS) {
            for (int b = 0; b < I2sMatrix.BLOCK_BYTES; b++) {
                int v = w.codeByte(r, blk / 4 + b);
                acc += ((v >>> 6) & 3) * q[blk + b];
                acc += ((v >>> 4) & 3) * q[blk + 32 + b];
                acc += ((v >>> 2) & 3) * q[blk + 64 + b];
                acc += (v & 3) * q[blk + 96 + b];
            }
        }
        return acc;
    }

    @Override
    public void matvecRows(I2sMatrix w, QuantizedVector x, float[] out, int outOff, int rowFrom, int rowTo) {
        assert 0 <= rowFrom && rowFrom <= rowTo && rowTo <= w.rows() : rowFrom + ".." + rowTo;
        for (int r = rowFrom; r < rowTo; r++) {
            int dot = codeDotQ(w, r, x.q());
            out[outOff + r] = TernaryKernel.finish(dot, x, w.scale());
        }
    }

    @Override
    public void matmulRows(I2sMatrix w, QuantizedVector[] xs, int count, float[][] outs, int rowFrom, int rowTo) {
        for (int b = 0; b < count; b++) {
            matvecRows(w, xs[b], outs[b], 0, rowFrom, rowTo);
        }
    }
}
