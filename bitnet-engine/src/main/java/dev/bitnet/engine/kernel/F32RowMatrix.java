package dev.bitnet.engine.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * F32 rows (GGML type 0). {@link #dot} keeps {@code F.length()} partial sums and reduces them at
 * the end, so it differs from {@link #dotScalar} by float rounding only (relative error of the
 * order of {@code cols·2^-24} of {@code Σ|w·x|}).
 *
 * @since 0.1
 */
final class F32RowMatrix implements FloatRowMatrix {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final ValueLayout.OfFloat LE_FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment data;
    private final int rows;
    private final int cols;
    private final long byteSize;

    F32RowMatrix(MemorySegment data, int rows, int cols) {
        this.byteSize = FloatRowMatrix.checkShape("F32", data, rows, cols, 1, Float.BYTES);
        this.data = data;
        this.rows = rows;
        this.cols = cols;
    }

    @Override public int rows() { return rows; }
    @Override public int cols() { return cols; }
    @Override public long byteSize() { return byteSize; }

    @Override
    public void row(int r, float[] out, int off) {
        FloatRowMatrix.checkDot(this, r, out, off);
        MemorySegment.copy(data, LE_FLOAT, (long) r * cols * Float.BYTES, out, off, cols);
    }

    @Override
    public float dotScalar(int r, float[] x, int off) {
        FloatRowMatrix.checkDot(this, r, x, off);
        long base = (long) r * cols * Float.BYTES;
        float sum = 0f;
        for (int k = 0; k < cols; k++) {
            sum += data.get(LE_FLOAT, base + (long) k * Float.BYTES) * x[off + k];
        }
        return sum;
    }

    @Override
    public float dot(int r, float[] x, int off) {
        FloatRowMatrix.checkDot(this, r, x, off);
        return dotUnchecked(r, x, off, Lanes.scratch());
    }

    @Override
    public void matvecRows(float[] x, int xOff, float[] out, int outOff, int rowFrom, int rowTo) {
        float[] lanes = Lanes.scratch();
        for (int r = rowFrom; r < rowTo; r++) {
            out[outOff + r] = dotUnchecked(r, x, xOff, lanes);
        }
    }

    private float dotUnchecked(int r, float[] x, int off, float[] lanes) {
        long base = (long) r * cols * Float.BYTES;
        int upper = F.loopBound(cols);
        FloatVector acc = FloatVector.zero(F);
        int k = 0;
        for (; k < upper; k += F.length()) {
            FloatVector w = FloatVector.fromMemorySegment(F, data, base + (long) k * Float.BYTES, ByteOrder.LITTLE_ENDIAN);
            acc = w.fma(FloatVector.fromArray(F, x, off + k), acc);
        }
        float sum = Lanes.sum(acc, lanes);
        for (; k < cols; k++) {
            sum += data.get(LE_FLOAT, base + (long) k * Float.BYTES) * x[off + k];
        }
        return sum;
    }
}
