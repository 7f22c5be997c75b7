package dev.bitnet.engine.kernel;

import java.nio.ByteOrder;

import java.lang.foreign.ValueLayout;

import java.lang.foreign.MemorySegment;

import java.lang.foreign.Arena;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code QuantizedVector} holds one token's activations quantized to int8 for the ternary kernels:
 * the codes {@code q}, their scale {@code s} (so that {@code x ≈ q / s}) and {@code Σq}.
 *
 * <p>The rule (bitnet.cpp, per token absmax): {@code s = 127 / max(max|x|, 1e-5)},
 * {@code q = clamp(rint(x·s), −128, 127)}, rounding half to even like C's {@code nearbyintf}.
 * Fill it with {@link #quantize}, or write {@link #q()} yourself (for example with the
 * {@code quant} package's quantizer) and then call {@link #set(float)}.
 *
 * <p>It also keeps, built when a kernel first asks for them after the codes changed (see
 * {@link #prepare}), the <em>telescoped</em> activations the row-major vector kernel multiplies with
 * (see {@link VectorTernaryKernel}): for each 128-element block and byte lane {@code i} (0..31),
 * {@code t0 = q[96+i]}, {@code t1 = q[64+i] − 4·q[96+i]}, {@code t2 = q[32+i] − 4·q[64+i]},
 * {@code t3 = q[i] − 4·q[32+i]}, stored as shorts in that order. They are recomputed whenever
 * the codes change, once per token, so that every matrix sharing this input reuses them.
 *
 * <p>And the lookup tables of the {@link I2sLayout#TILED_32} kernel: for each byte position
 * {@code j} of a row (block {@code j/32}, byte {@code b = j%32}, first element {@code e}), 32
 * shorts: entry {@code n} (0..15) = {@code (n>>2)·q[e] + (n&3)·q[e+32]}, the value of the byte's
 * high nibble {@code n}; entry {@code 16+n} = {@code (n>>2)·q[e+64] + (n&3)·q[e+96]}, the low
 * nibble's. 16 bytes per element.
 *
 * <p>Not thread-safe while being written; any number of kernel threads may read it afterwards
 * (the pool's hand-off publishes it), once {@link #prepare} has built what their kernel reads:
 * {@link KernelPool} does that on the caller's thread before a section starts.
 *
 * @since 0.1
 */
public final class QuantizedVector {

    /** The smallest max|x| the scale divides by (bitnet.cpp: 1e-5), so an all-zero token is finite. */
    public static final float MIN_ABS_MAX = 1e-5f;

    private final byte[] q;
    private final short[] telescoped;
    /**
     * Off-heap and 64-byte aligned. A heap array's data starts 16 bytes into an object that is only
     * 8-byte aligned, so 64-byte table loads spanned two cache lines unless the GC happened to place
     * the array on a line boundary: 2B4T generation moved between 22.5 and 28.3 tok/s from run to
     * run with it, and is 26.5–30.5 without.
     */
    private final MemorySegment nibbleTables;
    private float scale = 1f;
    private int sum;
    private boolean telescopedBuilt;
    private boolean tablesBuilt;

    /**
     * Creates a zero vector.
     *
     * @param length element count, a positive multiple of 128 (the I2_S block)
     */
    public QuantizedVector(int length) {
        I2sMatrix.checkCols(length);
        this.q = new byte[length];
        this.telescoped = new short[length];
        this.nibbleTables = Arena.ofAuto().allocate((long) length / 4 * 32 * Short.BYTES, 64);
    }

    /** @return element count */
    public int length() {
        return q.length;
    }

    /** @return the int8 codes, the live backing array (write it, then call {@link #set(float)}) */
    public byte[] q() {
        return q;
    }

    /** @return the scale {@code s}; the activation is {@code q / s} */
    public float scale() {
        return scale;
    }

    /** @return {@code Σ q} */
    public int sum() {
        return sum;
    }

    /** @return the telescoped activations, built first if the codes changed since */
    short[] telescoped() {
        if (!telescopedBuilt) {
            buildTelescoped();
        }
        return telescoped;
    }

    /** @return the lookup tables of the tiled kernel, built first if the codes changed since */
    MemorySegment nibbleTables() {
        if (!tablesBuilt) {
            buildNibbleTables();
        }
        return nibbleTables;
    }

    /**
     * Builds what a kernel over {@code layout} reads (tables for {@link I2sLayout#TILED_32}, the
     * telescoped activations otherwise) if the codes changed since, so that kernel threads only
     * read. Building only what is used saves the row-major form on every tiled token.
     */
    void prepare(I2sLayout layout) {
        if (layout == I2sLayout.TILED_32) {
            nibbleTables();
        } else {
            telescoped();
        }
    }

    /**
     * Quantizes {@code x[off, off+length)} into this vector with the absmax rule above.
     *
     * @return the scale {@code s}
     */
    public float quantize(float[] x, int off) {
        int n = q.length;
        if (off < 0 || off > x.length - n) {
            throw new IllegalArgumentException("x of length " + x.length + " has no " + n + " elements at offset " + off);
        }
        if (QB == null) {
            return quantizeScalar(x, off);
        }
        FloatVector maxAbs = FloatVector.zero(F);
        for (int i = 0; i < n; i += F.length()) {
            maxAbs = maxAbs.max(FloatVector.fromArray(F, x, off + i).abs());
        }
        float absMax = maxAbs.reduceLanes(VectorOperators.MAX); // exact in any order; NaN stays NaN
        float s = 127f / Math.max(absMax, MIN_ABS_MAX);
        checkScale(s);
        IntVector sums = IntVector.zero(FI);
        for (int i = 0; i < n; i += F.length()) {
            // x·s rounded half to even (adding and subtracting 1.5·2^23 does that for |x·s| < 2^22), clamped
            FloatVector v = FloatVector.fromArray(F, x, off + i).mul(s).add(ROUNDING).sub(ROUNDING).max(-128f).min(127f);
            sums = sums.add(v.convert(VectorOperators.F2I, 0));
            v.convertShape(VectorOperators.F2B, QB, 0).reinterpretAsBytes().intoArray(q, i);
        }
        changed(s, sums.reduceLanes(VectorOperators.ADD));
        return s;
    }

    private float quantizeScalar(float[] x, int off) {
        int n = q.length;
        float absMax = 0f;
        for (int i = 0; i < n; i++) {
            absMax = Math.max(absMax, Math.abs(x[off + i]));
        }
        float s = 127f / Math.max(absMax, MIN_ABS_MAX);
        for (int i = 0; i < n; i++) {
            float v = (float) Math.rint(x[off + i] * s);
            q[i] = (byte) Math.max(-128f, Math.min(127f, v));
        }
        set(s);
        return s;
    }

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED.length() <= 16
            ? FloatVector.SPECIES_PREFERRED : FloatVector.SPECIES_512;
    private static final VectorSpecies<Integer> FI = IntVector.SPECIES_PREFERRED.withShape(F.vectorShape());
    /** Bytes, one per float lane; null where no such shape exists (then {@link #quantize} runs scalar). */
    private static final @org.jspecify.annotations.Nullable VectorSpecies<Byte> QB = F.length() >= 8
            ? ByteVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(F.length() * 8)) : null;
    private static final float ROUNDING = 0x1.8p23f;

    /**
     * Declares the codes in {@link #q()} final for this token: stores the scale, recomputes
     * {@code Σq}, and marks the kernels' derived forms for rebuilding on next use.
     *
     * @param scale the activation scale {@code s}, positive and finite
     */
    public void set(float scale) {
        checkScale(scale);
        int s = 0;
        for (byte b : q) {
            s += b;
        }
        changed(scale, s);
    }

    private static void checkScale(float scale) {
        if (!(scale > 0f) || !Float.isFinite(scale)) {
            throw new IllegalArgumentException("activation scale must be positive and finite: " + scale);
        }
    }

    /** New codes: stores the scale and sum; the derived forms are rebuilt when next asked for. */
    private void changed(float scale, int sum) {
        this.scale = scale;
        this.sum = sum;
        this.telescopedBuilt = false;
        this.tablesBuilt = false;
    }

    private void buildTelescoped() {
        for (int blk = 0; blk < q.length; blk += I2sMatrix.BLOCK_ELEMENTS) {
            for (int i = 0; i < 32; i++) {
                int q0 = q[blk + i], q1 = q[blk + 32 + i], q2 = q[blk + 64 + i], q3 = q[blk + 96 + i];
                telescoped[blk + i] = (short) q3;
                telescoped[blk + 32 + i] = (short) (q2 - 4 * q3);
                telescoped[blk + 64 + i] = (short) (q1 - 4 * q2);
                telescoped[blk + 96 + i] = (short) (q0 - 4 * q1);
            }
        }
        telescopedBuilt = true;
    }

    private static final VectorSpecies<Short> S32 = ShortVector.SPECIES_512;
    static final ValueLayout.OfShort TABLE_ENTRY = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ShortVector HIGH_CODE = ShortVector.fromArray(S32, nibbleCodes(true), 0);
    private static final ShortVector LOW_CODE = ShortVector.fromArray(S32, nibbleCodes(false), 0);
    private static final VectorMask<Short> UPPER_HALF = VectorMask.fromLong(S32, 0xFFFF_0000L);

    private static short[] nibbleCodes(boolean high) {
        short[] c = new short[32];
        for (int n = 0; n < 32; n++) {
            c[n] = (short) (high ? (n & 15) >> 2 : n & 3);
        }
        return c;
    }

    private void buildNibbleTables() {
        tablesBuilt = true;
        if (ShortVector.SPECIES_PREFERRED.length() < 32) {
            buildNibbleTablesScalar(); // 512-bit vectors would be emulated, far slower than plain loops
            return;
        }
        for (int j = 0; j < q.length / 4; j++) {
            int e = (j / 32) * I2sMatrix.BLOCK_ELEMENTS + j % 32;
            ShortVector first = ShortVector.broadcast(S32, q[e]).blend(q[e + 64], UPPER_HALF);
            ShortVector second = ShortVector.broadcast(S32, q[e + 32]).blend(q[e + 96], UPPER_HALF);
            HIGH_CODE.mul(first).add(LOW_CODE.mul(second)).intoMemorySegment(nibbleTables, j * 64L, ByteOrder.LITTLE_ENDIAN);
        }
    }

    private void buildNibbleTablesScalar() {
        for (int j = 0; j < q.length / 4; j++) {
            int e = (j / 32) * I2sMatrix.BLOCK_ELEMENTS + j % 32;
            for (int n = 0; n < 16; n++) {
                nibbleTables.set(TABLE_ENTRY, (j * 32L + n) * Short.BYTES, (short) ((n >> 2) * q[e] + (n & 3) * q[e + 32]));
                nibbleTables.set(TABLE_ENTRY, (j * 32L + 16 + n) * Short.BYTES, (short) ((n >> 2) * q[e + 64] + (n & 3) * q[e + 96]));
            }
        }
    }
}
