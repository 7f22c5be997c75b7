package dev.bitnet.engine.kernel;

import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.B2F;
import static jdk.incubator.vector.VectorOperators.B2S;
import static jdk.incubator.vector.VectorOperators.LSHL;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code Int8RowMatrix} is the opt-in int8 output head: each row of a float matrix (the F16 tied
 * embedding) quantized at load time to int8 with its own scale, {@code w[r,k] ≈ q[r,k]·rowScale[r]},
 * {@code rowScale = max|w[r,·]| / 127}, {@code q = rint(w / rowScale)}. It reads half the bytes of
 * F16 per token.
 *
 * <p>Accuracy against the source matrix: each weight is off by at most {@code rowScale/2}, so a
 * dot product is off by at most {@code rowScale[r]/2 · Σ|x|} plus float rounding (the test checks
 * this bound); errors of random sign make the typical error about {@code √cols} times smaller.
 *
 * <p>Two dot products: {@link #dot} multiplies int8 weights with float activations (exact products,
 * float sums); {@link #dotQ8} multiplies with int8 activations ({@link QuantizedVector}) in exact
 * integer arithmetic, adding the activation's own quantization error.
 *
 * @since 0.1
 */
public final class Int8RowMatrix implements FloatRowMatrix {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** One byte per float lane. */
    private static final VectorSpecies<Byte> BF = ByteVector.SPECIES_PREFERRED.withShape(
            VectorShape.forBitSize(Math.max(64, F.vectorBitSize() / 4)));
    private static final VectorSpecies<Short> S = VectorTernaryKernel.S;
    private static final VectorSpecies<Byte> BS = VectorTernaryKernel.B;
    private static final VectorSpecies<Integer> I = VectorTernaryKernel.I;

    private final MemorySegment q;
    private final float[] rowScales;
    private final int rows;
    private final int cols;

    private Int8RowMatrix(MemorySegment q, float[] rowScales, int rows, int cols) {
        this.q = q;
        this.rowScales = rowScales;
        this.rows = rows;
        this.cols = cols;
    }

    /**
     * Quantizes every row of {@code source} into memory of {@code arena} ({@code rows·cols} bytes).
     * Time: one pass over the source.
     *
     * @param source the float matrix; its columns must be a multiple of 32
     * @param arena  owns the int8 rows; use a shared or global arena for a pool's threads
     */
    public static Int8RowMatrix quantize(FloatRowMatrix source, Arena arena) {
        int rows = source.rows();
        int cols = source.cols();
        if (cols % 32 != 0) {
            throw new IllegalArgumentException("int8 head needs cols to be a multiple of 32 but was: " + cols);
        }
        MemorySegment q = arena.allocate((long) rows * cols, 64);
        float[] scales = new float[rows];
        float[] row = new float[cols];
        byte[] qRow = new byte[cols];
        for (int r = 0; r < rows; r++) {
            source.row(r, row, 0);
            float absMax = 0f;
            for (float v : row) {
                absMax = Math.max(absMax, Math.abs(v));
            }
            if (!Float.isFinite(absMax)) {
                throw new IllegalArgumentException("row " + r + " of the source matrix has a non-finite value: " + absMax);
            }
            float scale = absMax / 127f;
            float inverse = scale == 0f ? 0f : 1f / scale;
            for (int k = 0; k < cols; k++) {
                qRow[k] = (byte) Math.max(-127f, Math.min(127f, (float) Math.rint(row[k] * inverse)));
            }
            scales[r] = scale;
            MemorySegment.copy(qRow, 0, q, ValueLayout.JAVA_BYTE, (long) r * cols, cols);
        }
        return new Int8RowMatrix(q, scales, rows, cols);
    }

    @Override public int rows() { return rows; }
    @Override public int cols() { return cols; }
    @Override public long byteSize() { return (long) rows * cols + (long) rows * Float.BYTES; }

    /** @return the scale of row {@code r}: weight = q · scale */
    public float rowScale(int r) {
        return rowScales[r];
    }

    @Override
    public void row(int r, float[] out, int off) {
        FloatRowMatrix.checkDot(this, r, out, off);
        long base = (long) r * cols;
        for (int k = 0; k < cols; k++) {
            out[off + k] = q.get(ValueLayout.JAVA_BYTE, base + k) * rowScales[r];
        }
    }

    @Override
    public float dotScalar(int r, float[] x, int off) {
        FloatRowMatrix.checkDot(this, r, x, off);
        long base = (long) r * cols;
        float sum = 0f;
        for (int k = 0; k < cols; k++) {
            sum += q.get(ValueLayout.JAVA_BYTE, base + k) * x[off + k];
        }
        return sum * rowScales[r];
    }

    @Override
    public float dot(int r, float[] x, int off) {
        FloatRowMatrix.checkDot(this, r, x, off);
        return dotFloat(r, x, off, Lanes.scratch());
    }

    @Override
    public void matvecRows(float[] x, int xOff, float[] out, int outOff, int rowFrom, int rowTo) {
        float[] lanes = Lanes.scratch();
        int r = rowFrom;
        for (; r + 4 <= rowTo; r += 4) {
            dotFloat4(r, x, xOff, out, outOff, lanes);
        }
        for (; r < rowTo; r++) {
            out[outOff + r] = dotFloat(r, x, xOff, lanes);
        }
    }

    /**
     * One row: a single vector accumulator over the row, lanes summed in {@link Lanes}'s fixed
     * order, so that it equals {@link #dotFloat4}'s result for the same row bit for bit.
     */
    private float dotFloat(int r, float[] x, int off, float[] laneScratch) {
        long base = (long) r * cols;
        int lanes = F.length();
        FloatVector acc = FloatVector.zero(F);
        for (int k = 0; k < cols; k += lanes) {
            acc = weights(base + k).fma(FloatVector.fromArray(F, x, off + k), acc);
        }
        return Lanes.sum(acc, laneScratch) * rowScales[r];
    }

    /**
     * Rows {@code r .. r+3}: four independent accumulator chains (so that the FMA latency does not
     * bound the loop) sharing each load of x. Measured on the 128256 × 2560 head, one thread: 40
     * GB/s in cache and 16–21 GB/s from DRAM, against 20 and 10–11 for one row at a time with four
     * accumulators.
     */
    private void dotFloat4(int r, float[] x, int off, float[] out, int outOff, float[] laneScratch) {
        long b0 = (long) r * cols, b1 = b0 + cols, b2 = b1 + cols, b3 = b2 + cols;
        int lanes = F.length();
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        for (int k = 0; k < cols; k += lanes) {
            FloatVector xv = FloatVector.fromArray(F, x, off + k);
            a0 = weights(b0 + k).fma(xv, a0);
            a1 = weights(b1 + k).fma(xv, a1);
            a2 = weights(b2 + k).fma(xv, a2);
            a3 = weights(b3 + k).fma(xv, a3);
        }
        out[outOff + r] = Lanes.sum(a0, laneScratch) * rowScales[r];
        out[outOff + r + 1] = Lanes.sum(a1, laneScratch) * rowScales[r + 1];
        out[outOff + r + 2] = Lanes.sum(a2, laneScratch) * rowScales[r + 2];
        out[outOff + r + 3] = Lanes.sum(a3, laneScratch) * rowScales[r + 3];
    }

    private FloatVector weights(long offset) {
        return (FloatVector) ByteVector.fromMemorySegment(BF, q, offset, ByteOrder.LITTLE_ENDIAN).convertShape(B2F, F, 0);
    }

    /** @return {@code Σ_k q[r,k]·x.q[k]} as an exact integer: the specification of {@link #dotQ8} */
    public int codeDotScalar(int r, QuantizedVector x) {
        checkQ8(x);
        checkRow(r);
        long base = (long) r * cols;
        int sum = 0;
        for (int k = 0; k < cols; k++) {
            sum += q.get(ValueLayout.JAVA_BYTE, base + k) * x.q()[k];
        }
        return sum;
    }

    /**
     * @return row {@code r} times the int8 activations: {@code Σ q·x.q · rowScale / x.scale}, the
     *     integer sum exact (products of 16 bits, paired into int lanes)
     */
    public float dotQ8(int r, QuantizedVector x) {
        checkQ8(x);
        checkRow(r);
        return codeDotQ8(r, x.q()) * rowScales[r] / x.scale();
    }

    /** {@code out[outOff + r] = dotQ8(r, x)} for rows {@code [rowFrom, rowTo)}. */
    public void matvecQ8Rows(QuantizedVector x, float[] out, int outOff, int rowFrom, int rowTo) {
        checkQ8(x);
        if (rowFrom < 0 || rowFrom > rowTo || rowTo > rows) {
            throw new IllegalArgumentException("row range must be within [0, " + rows + "] but was: [" + rowFrom + ", " + rowTo + ")");
        }
        if (outOff < 0 || outOff + rowTo > out.length) {
            throw new IllegalArgumentException("output of length " + out.length + " has no room for rows up to " + rowTo + " at offset " + outOff);
        }
        byte[] xq = x.q();
        float inverse = 1f / x.scale();
        for (int r = rowFrom; r < rowTo; r++) {
            out[outOff + r] = codeDotQ8(r, xq) * rowScales[r] * inverse;
        }
    }

    private void checkQ8(QuantizedVector x) {
        if (x.length() != cols) {
            throw new IllegalArgumentException("activation length must equal cols [" + cols + "] but was: " + x.length());
        }
    }

    private void checkRow(int r) {
        if (r < 0 || r >= rows) {
            throw new IllegalArgumentException("row must be within [0, " + rows + ") but was: " + r);
        }
    }

    /**
     * Each 16-bit product is at most 128·128 = 16384 in magnitude, so it is exact; viewing the
     * product lanes as ints and adding the sign-extended low and high halves sums them in pairs
     * without overflow.
     */
    private int codeDotQ8(int r, byte[] xq) {
        long base = (long) r * cols;
        IntVector acc = IntVector.zero(I);
        int lanes = S.length();
        for (int k = 0; k < cols; k += lanes) {
            ShortVector w = (ShortVector) ByteVector.fromMemorySegment(BS, q, base + k, ByteOrder.LITTLE_ENDIAN).convertShape(B2S, S, 0);
            ShortVector a = (ShortVector) ByteVector.fromArray(BS, xq, k).convertShape(B2S, S, 0);
            IntVector pairs = w.mul(a).reinterpretAsInts();
            acc = acc.add(pairs.lanewise(ASHR, 16)).add(pairs.lanewise(LSHL, 16).lanewise(ASHR, 16));
        }
        return acc.reduceLanes(ADD);
    }
}
