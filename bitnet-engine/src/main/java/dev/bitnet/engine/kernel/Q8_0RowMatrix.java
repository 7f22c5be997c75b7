package dev.bitnet.engine.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q8_0 rows (GGML type 8, ggml-common.h {@code block_q8_0}): blocks of 32 elements stored as
 * {@code ggml_half d; int8_t qs[32];} (34 bytes), element {@code i} = {@code d·qs[i]}.
 *
 * <p>{@link #dot} sums each block's {@code qs·x} in vector lanes and then adds {@code d·blockSum};
 * {@link #dotScalar} sums {@code (d·qs[i])·x[i]} in element order, so they differ by float
 * rounding only.
 *
 * @since 0.1
 */
final class Q8_0RowMatrix extends BlockRowMatrix {
    static final int BLOCK_ELEMENTS = 32;
    static final int BLOCK_BYTES = Short.BYTES + BLOCK_ELEMENTS;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** One byte per float lane. */
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_PREFERRED.withShape(
            VectorShape.forBitSize(Math.max(64, FloatVector.SPECIES_PREFERRED.vectorBitSize() / 4)));
    private static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    Q8_0RowMatrix(MemorySegment data, int rows, int cols) {
        super("Q8_0", data, rows, cols, BLOCK_ELEMENTS, BLOCK_BYTES);
    }

    @Override
    public void row(int r, float[] out, int off) {
        FloatRowMatrix.checkDot(this, r, out, off);
        long base = r * rowBytes;
        for (int blk = 0; blk < cols / BLOCK_ELEMENTS; blk++) {
            long b = base + (long) blk * BLOCK_BYTES;
            float d = Float.float16ToFloat(data.get(LE_SHORT, b));
            for (int i = 0; i < BLOCK_ELEMENTS; i++) {
                out[off + blk * BLOCK_ELEMENTS + i] = d * data.get(ValueLayout.JAVA_BYTE, b + Short.BYTES + i);
            }
        }
    }

    @Override
    public float dotScalar(int r, float[] x, int off) {
        FloatRowMatrix.checkDot(this, r, x, off);
        long base = r * rowBytes;
        float sum = 0f;
        for (int blk = 0; blk < cols / BLOCK_ELEMENTS; blk++) {
            long b = base + (long) blk * BLOCK_BYTES;
            float d = Float.float16ToFloat(data.get(LE_SHORT, b));
            for (int i = 0; i < BLOCK_ELEMENTS; i++) {
                sum += d * data.get(ValueLayout.JAVA_BYTE, b + Short.BYTES + i) * x[off + blk * BLOCK_ELEMENTS + i];
            }
        }
        return sum;
    }

    @Override
    public float dot(int r, float[] x, int off) {
        FloatRowMatrix.checkDot(this, r, x, off);
        return dotVector(r, x, off, Lanes.scratch());
    }

    @Override
    public void matvecRows(float[] x, int xOff, float[] out, int outOff, int rowFrom, int rowTo) {
        float[] lanes = Lanes.scratch();
        for (int r = rowFrom; r < rowTo; r++) {
            out[outOff + r] = dotVector(r, x, xOff, lanes);
        }
    }

    private float dotVector(int r, float[] x, int off, float[] laneScratch) {
        long base = r * rowBytes;
        FloatVector acc = FloatVector.zero(F);
        int lanes = F.length();
        for (int blk = 0; blk < cols / BLOCK_ELEMENTS; blk++) {
            long b = base + (long) blk * BLOCK_BYTES;
            float d = Float.float16ToFloat(data.get(LE_SHORT, b));
            int xk = off + blk * BLOCK_ELEMENTS;
            FloatVector blockSum = FloatVector.zero(F);
            for (int part = 0; part < BLOCK_ELEMENTS; part += lanes) {
                ByteVector q = ByteVector.fromMemorySegment(B, data, b + Short.BYTES + part, ByteOrder.LITTLE_ENDIAN);
                FloatVector w = (FloatVector) q.convertShape(VectorOperators.B2F, F, 0);
                blockSum = w.fma(FloatVector.fromArray(F, x, xk + part), blockSum);
            }
            acc = blockSum.fma(FloatVector.broadcast(F, d), acc);
        }
        return Lanes.sum(acc, laneScratch);
    }
}
