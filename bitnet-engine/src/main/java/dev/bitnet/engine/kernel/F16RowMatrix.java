package dev.bitnet.engine.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * F16 rows (GGML type 1): the tied token embedding / output head of BitNet 2B4T.
 *
 * <p>JDK 25's Vector API has no half-float lane type, and {@code Float.float16ToFloat} is scalar,
 * so {@link #dot} converts with integer bit operations that are exact for every finite half:
 * put the 15 magnitude bits at float bit 13 (a float with the half's exponent field, biased by
 * 127 instead of 15) and multiply by 2^112 to correct the bias (exact, subnormals included), then
 * copy the sign. A half with exponent 31 (infinity or NaN) would come out finite, so the
 * constructor scans the data once and, if it finds one, {@link #dot} falls back to the exact
 * scalar conversion.
 *
 * <p>The conversion is exact; {@link #dot} keeps {@code F.length()} float partial sums, so it
 * differs from {@link #dotScalar} by summation order only.
 *
 * @since 0.1
 */
final class F16RowMatrix implements FloatRowMatrix {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /** Half as many bits as F: one short per float lane. */
    static final VectorSpecies<Short> S = ShortVector.SPECIES_PREFERRED.withShape(
            VectorShape.forBitSize(FloatVector.SPECIES_PREFERRED.vectorBitSize() / 2));
    static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final float TWO_POW_112 = 0x1p112f;

    private final MemorySegment data;
    private final int rows;
    private final int cols;
    private final long byteSize;
    private final boolean hasNonFinite;

    F16RowMatrix(MemorySegment data, int rows, int cols) {
        this.byteSize = FloatRowMatrix.checkShape("F16", data, rows, cols, 1, Short.BYTES);
        this.data = data;
        this.rows = rows;
        this.cols = cols;
        this.hasNonFinite = containsNonFinite(data, byteSize);
    }

    private static boolean containsNonFinite(MemorySegment data, long byteSize) {
        long n = byteSize / Short.BYTES;
        long upper = n - n % S.length();
        ShortVector exp = ShortVector.broadcast(S, (short) 0x7C00);
        for (long i = 0; i < upper; i += S.length()) {
            ShortVector h = ShortVector.fromMemorySegment(S, data, i * Short.BYTES, ByteOrder.LITTLE_ENDIAN);
            if (h.and(exp).eq(exp).anyTrue()) {
                return true;
            }
        }
        for (long i = upper; i < n; i++) {
            if ((data.get(LE_SHORT, i * Short.BYTES) & 0x7C00) == 0x7C00) {
                return true;
            }
        }
        return false;
    }

    @Override public int rows() { return rows; }
    @Override public int cols() { return cols; }
    @Override public long byteSize() { return byteSize; }

    @Override
    public void row(int r, float[] out, int off) {
        FloatRowMatrix.checkDot(this, r, out, off);
        long base = (long) r * cols * Short.BYTES;
        for (int k = 0; k < cols; k++) {
            out[off + k] = Float.float16ToFloat(data.get(LE_SHORT, base + (long) k * Short.BYTES));
        }
    }

    @Override
    public float dotScalar(int r, float[] x, int off) {
        FloatRowMatrix.checkDot(this, r, x, off);
        return dotScalarUnchecked(r, x, off);
    }

    private float dotScalarUnchecked(int r, float[] x, int off) {
        long base = (long) r * cols * Short.BYTES;
        float sum = 0f;
        for (int k = 0; k < cols; k++) {
            sum += Float.float16ToFloat(data.get(LE_SHORT, base + (long) k * Short.BYTES)) * x[off + k];
        }
        return sum;
    }

    @Override
    public float dot(int r, float[] x, int off) {
        FloatRowMatrix.checkDot(this, r, x, off);
        return hasNonFinite ? dotScalarUnchecked(r, x, off) : dotVector(r, x, off, Lanes.scratch());
    }

    /** x is scaled by this in {@link #matvecRows}, and each sum by {@link #SUM_SCALE}: 2^100 · 2^12 = 2^112. */
    private static final float X_SCALE = 0x1p100f;
    private static final float SUM_SCALE = 0x1p12f;

    /**
     * The output head: {@link #dot} for many rows with one multiply per element saved. The 2^112
     * bias correction moves from every weight onto x (scaled once per call by 2^100) and the final
     * sums (2^12); scaling by powers of two is exact, so the result equals {@link #dot} unless a
     * product falls below the float normal range (|w·x| &lt; 2^-114) or |x| exceeds 2^27.
     */
    @Override
    public void matvecRows(float[] x, int xOff, float[] out, int outOff, int rowFrom, int rowTo) {
        if (hasNonFinite) {
            for (int r = rowFrom; r < rowTo; r++) {
                out[outOff + r] = dotScalarUnchecked(r, x, xOff);
            }
            return;
        }
        float[] scaled = new float[cols];
        for (int k = 0; k < cols; k++) {
            scaled[k] = x[xOff + k] * X_SCALE;
        }
        float[] lanes = Lanes.scratch();
        for (int r = rowFrom; r < rowTo; r++) {
            out[outOff + r] = dotPrescaled(r, scaled, x, xOff, lanes) * SUM_SCALE;
        }
    }

    /**
     * Σ |w|·2^-112 · ±x·2^100: the magnitude bits as a float, the weight's sign flipped into x. Two
     * accumulators (even and odd vector steps) so that the FMA latency does not bound the loop.
     */
    private float dotPrescaled(int r, float[] scaled, float[] x, int xOff, float[] lanes) {
        long base = (long) r * cols * Short.BYTES;
        int step = F.length();
        int upper = cols - cols % (2 * step);
        FloatVector even = FloatVector.zero(F);
        FloatVector odd = FloatVector.zero(F);
        int k = 0;
        for (; k < upper; k += 2 * step) {
            IntVector h0 = halfBits(base, k);
            IntVector h1 = halfBits(base, k + step);
            even = magnitude(h0).fma(signedX(h0, scaled, k), even);
            odd = magnitude(h1).fma(signedX(h1, scaled, k + step), odd);
        }
        float sum = Lanes.sum(even.add(odd), lanes);
        float tail = 0f;
        for (; k < cols; k++) {
            tail += Float.float16ToFloat(data.get(LE_SHORT, base + (long) k * Short.BYTES)) * x[xOff + k];
        }
        return sum + tail / SUM_SCALE;
    }

    /** Converts 16-bit halves (sign-extended into int lanes) to floats; exact for finite halves. */
    static FloatVector halfToFloat(IntVector h) {
        FloatVector magnitude = h.and(0x7FFF).lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats().mul(TWO_POW_112);
        return magnitude.reinterpretAsInts().or(h.and(0x8000_0000)).reinterpretAsFloats();
    }

    private IntVector halfBits(long base, int k) {
        ShortVector h = ShortVector.fromMemorySegment(S, data, base + (long) k * Short.BYTES, ByteOrder.LITTLE_ENDIAN);
        return (IntVector) h.convertShape(VectorOperators.S2I, I, 0);
    }

    /** |w|·2^-112: the half's exponent and mantissa bits placed as a float's. */
    private static FloatVector magnitude(IntVector h) {
        return h.and(0x7FFF).lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats();
    }

    /** x·2^100 with the weight's sign applied. */
    private static FloatVector signedX(IntVector h, float[] scaled, int k) {
        return FloatVector.fromArray(F, scaled, k).reinterpretAsInts()
                .lanewise(VectorOperators.XOR, h.and(0x8000_0000)).reinterpretAsFloats();
    }

    private float dotVector(int r, float[] x, int off, float[] lanes) {
        long base = (long) r * cols * Short.BYTES;
        int step = F.length();
        int upper = cols - cols % (2 * step);
        FloatVector even = FloatVector.zero(F);
        FloatVector odd = FloatVector.zero(F);
        int k = 0;
        for (; k < upper; k += 2 * step) {
            even = halfToFloat(halfBits(base, k)).fma(FloatVector.fromArray(F, x, off + k), even);
            odd = halfToFloat(halfBits(base, k + step)).fma(FloatVector.fromArray(F, x, off + k + step), odd);
        }
        float sum = Lanes.sum(even.add(odd), lanes);
        for (; k < cols; k++) {
            sum += Float.float16ToFloat(data.get(LE_SHORT, base + (long) k * Short.BYTES)) * x[off + k];
        }
        return sum;
    }
}
