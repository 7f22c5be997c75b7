package dev.bitnet.engine.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q6_K rows (GGML type 14, ggml-common.h {@code block_q6_K}): super-blocks of 256 elements in 210
 * bytes, {@code uint8_t ql[128]} (low 4 bits), {@code uint8_t qh[64]} (high 2 bits),
 * {@code int8_t scales[16]} (one per 16 elements), {@code ggml_half d}. Element value
 * {@code d·scales[j]·(q − 32)} with the 6-bit {@code q}; the bit placement follows llama.cpp's
 * {@code dequantize_row_q6_K}: in each 128-element half, for {@code l} in 0..31, elements
 * {@code l, l+32, l+64, l+96} take the low nibble of {@code ql[l]}, of {@code ql[l+32]}, the high
 * nibble of {@code ql[l]}, of {@code ql[l+32]}, and bits 1:0, 3:2, 5:4, 7:6 of {@code qh[l]};
 * the scale index is {@code l/16 + 0, 2, 4, 6}.
 *
 * <p>{@link #dot} dequantizes a super-block at a time into a small buffer (the same float values as
 * {@link #row}) and multiplies it in vector lanes; it differs from {@link #dotScalar} by summation
 * order only.
 *
 * @since 0.1
 */
final class Q6_KRowMatrix extends BlockRowMatrix {
    static final int BLOCK_ELEMENTS = 256;
    static final int BLOCK_BYTES = 128 + 64 + 16 + Short.BYTES;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    Q6_KRowMatrix(MemorySegment data, int rows, int cols) {
        super("Q6_K", data, rows, cols, BLOCK_ELEMENTS, BLOCK_BYTES);
    }

    /** Dequantizes the super-block at byte offset {@code b} into {@code y[yOff, yOff+256)}. */
    private void dequantizeBlock(long b, float[] y, int yOff) {
        long ql = b;
        long qh = b + 128;
        long sc = b + 192;
        float d = Float.float16ToFloat(data.get(LE_SHORT, b + 208));
        for (int half = 0; half < 2; half++) {
            for (int l = 0; l < 32; l++) {
                int is = l / 16;
                int lo0 = data.get(ValueLayout.JAVA_BYTE, ql + l) & 0xFF;
                int lo32 = data.get(ValueLayout.JAVA_BYTE, ql + l + 32) & 0xFF;
                int hi = data.get(ValueLayout.JAVA_BYTE, qh + l) & 0xFF;
                int q1 = ((lo0 & 0xF) | ((hi & 3) << 4)) - 32;
                int q2 = ((lo32 & 0xF) | (((hi >>> 2) & 3) << 4)) - 32;
                int q3 = ((lo0 >>> 4) | (((hi >>> 4) & 3) << 4)) - 32;
                int q4 = ((lo32 >>> 4) | (((hi >>> 6) & 3) << 4)) - 32;
                y[yOff + l] = d * data.get(ValueLayout.JAVA_BYTE, sc + is) * q1;
                y[yOff + l + 32] = d * data.get(ValueLayout.JAVA_BYTE, sc + is + 2) * q2;
                y[yOff + l + 64] = d * data.get(ValueLayout.JAVA_BYTE, sc + is + 4) * q3;
                y[yOff + l + 96] = d * data.get(ValueLayout.JAVA_BYTE, sc + is + 6) * q4;
            }
            yOff += 128;
            ql += 64;
            qh += 32;
            sc += 8;
        }
    }

    @Override
    public void row(int r, float[] out, int off) {
        FloatRowMatrix.checkDot(this, r, out, off);
        long base = r * rowBytes;
        for (int blk = 0; blk < cols / BLOCK_ELEMENTS; blk++) {
            dequantizeBlock(base + (long) blk * BLOCK_BYTES, out, off + blk * BLOCK_ELEMENTS);
        }
    }

    @Override
    public float dotScalar(int r, float[] x, int off) {
        FloatRowMatrix.checkDot(this, r, x, off);
        float[] y = new float[BLOCK_ELEMENTS];
        long base = r * rowBytes;
        float sum = 0f;
        for (int blk = 0; blk < cols / BLOCK_ELEMENTS; blk++) {
            dequantizeBlock(base + (long) blk * BLOCK_BYTES, y, 0);
            for (int i = 0; i < BLOCK_ELEMENTS; i++) {
                sum += y[i] * x[off + blk * BLOCK_ELEMENTS + i];
            }
        }
        return sum;
    }

    @Override
    public float dot(int r, float[] x, int off) {
        FloatRowMatrix.checkDot(this, r, x, off);
        return dotVector(r, x, off, new float[BLOCK_ELEMENTS], Lanes.scratch());
    }

    @Override
    public void matvecRows(float[] x, int xOff, float[] out, int outOff, int rowFrom, int rowTo) {
        float[] scratch = new float[BLOCK_ELEMENTS];
        float[] lanes = Lanes.scratch();
        for (int r = rowFrom; r < rowTo; r++) {
            out[outOff + r] = dotVector(r, x, xOff, scratch, lanes);
        }
    }

    private float dotVector(int r, float[] x, int off, float[] y, float[] lanes) {
        long base = r * rowBytes;
        FloatVector acc = FloatVector.zero(F);
        for (int blk = 0; blk < cols / BLOCK_ELEMENTS; blk++) {
            dequantizeBlock(base + (long) blk * BLOCK_BYTES, y, 0);
            int xk = off + blk * BLOCK_ELEMENTS;
            for (int i = 0; i < BLOCK_ELEMENTS; i += F.length()) {
                acc = FloatVector.fromArray(F, y, i).fma(FloatVector.fromArray(F, x, xk + i), acc);
            }
        }
        return Lanes.sum(acc, lanes);
    }
}
