package dev.bitnet.engine.model;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Neural net blocks; the dynamics of the Transformer: the small numeric helpers the forward pass
 * calls besides the matrix products. Each follows the float arithmetic of the ggml op it mirrors
 * (named in its comment), so the engine tracks bitnet.cpp's numbers closely.
 */
final class Numerics {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    /** Lanes of the preferred float vector: the size of the scratch array {@link #dot} needs. */
    static final int LANES = F.length();

    private Numerics() {}

    /**
     * RMSNorm then the weight (ggml {@code rms_norm} + {@code mul}): the sum of squares in double
     * over float products, {@code scale = 1/sqrtf(mean + eps)} in float, {@code out = (x·scale)·w}.
     * {@code out} may be {@code x}.
     */
    static void rmsnorm(float[] out, float[] x, float[] weight, int n, float eps) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float xi = x[i];
            sum += xi * xi;
        }
        float mean = (float) (sum / n);
        float scale = 1f / (float) Math.sqrt(mean + eps);
        for (int i = 0; i < n; i++) {
            out[i] = (x[i] * scale) * weight[i];
        }
    }

    /**
     * RoPE angles for one position (ggml {@code rope_cache_init}): {@code theta_i = pos·base^(−2i/d)},
     * built by repeated float multiplication as ggml does, then {@code cosf}/{@code sinf}.
     */
    static void ropeAngles(int position, float thetaScale, float[] cos, float[] sin, int half) {
        float theta = position;
        for (int i = 0; i < half; i++) {
            cos[i] = (float) Math.cos(theta);
            sin[i] = (float) Math.sin(theta);
            theta *= thetaScale;
        }
    }

    /** {@code powf(base, −2/d)}: the ratio between successive RoPE frequencies. */
    static float ropeThetaScale(float base, int headDim) {
        return (float) Math.pow(base, -2.0f / headDim);
    }

    /**
     * NEOX RoPE on {@code heads} heads of {@code x} (ggml {@code rope_f32}, mode NEOX): rotates the
     * pairs {@code (i, i + headDim/2)} of each head.
     */
    static void ropeNeox(float[] x, int heads, int headDim, float[] cos, float[] sin) {
        int half = headDim / 2;
        for (int h = 0; h < heads; h++) {
            int base = h * headDim;
            for (int i = 0; i < half; i++) {
                float x0 = x[base + i];
                float x1 = x[base + i + half];
                x[base + i] = x0 * cos[i] - x1 * sin[i];
                x[base + i + half] = x0 * sin[i] + x1 * cos[i];
            }
        }
    }

    /** Rounds every value of {@code x[0, n)} to F16 precision (ggml's F32→F16 copy before an F16 product). */
    static void roundToF16(float[] x, int n) {
        for (int i = 0; i < n; i++) {
            x[i] = Float.float16ToFloat(Float.floatToFloat16(x[i]));
        }
    }

    /**
     * {@code Σ q[qOff+i]·k[i]} for {@code i < n}, with {@code k} read from a segment of native floats.
     * The lanes are added in lane order through {@code lanes} rather than with
     * {@code reduceLanes(ADD)}, whose order differs between the interpreter and compiled code: this
     * keeps results identical from the first call on.
     */
    static float dot(float[] q, int qOff, MemorySegment k, long kOff, int n, float[] lanes) {
        int i = 0;
        float sum = 0f;
        if (n >= F.length()) {
            FloatVector acc = FloatVector.zero(F);
            int upper = F.loopBound(n);
            for (; i < upper; i += F.length()) {
                FloatVector a = FloatVector.fromArray(F, q, qOff + i);
                FloatVector b = FloatVector.fromMemorySegment(F, k, kOff + (long) i * Float.BYTES, NATIVE);
                acc = a.fma(b, acc);
            }
            acc.intoArray(lanes, 0);
            for (int j = 0; j < F.length(); j++) {
                sum += lanes[j];
            }
        }
        for (; i < n; i++) {
            sum += q[qOff + i] * k.get(java.lang.foreign.ValueLayout.JAVA_FLOAT, kOff + (long) i * Float.BYTES);
        }
        return sum;
    }

    private static final VectorSpecies<Short> H = jdk.incubator.vector.ShortVector.SPECIES_PREFERRED.withShape(
            jdk.incubator.vector.VectorShape.forBitSize(F.vectorBitSize() / 2));
    private static final VectorSpecies<Integer> I = jdk.incubator.vector.IntVector.SPECIES_PREFERRED.withShape(F.vectorShape());
    private static final float TWO_POW_112 = 0x1p112f;

    /**
     * F.length() IEEE halves at {@code off} as floats. Exact for finite halves: the 15 magnitude bits
     * moved to float bit 13 form a float with the half's exponent biased by 127 instead of 15, which a
     * multiplication by 2^112 corrects (subnormals included); then the sign is copied.
     */
    private static FloatVector halves(MemorySegment seg, long off) {
        jdk.incubator.vector.IntVector h = (jdk.incubator.vector.IntVector) jdk.incubator.vector.ShortVector
                .fromMemorySegment(H, seg, off, NATIVE).convertShape(VectorOperators.S2I, I, 0);
        FloatVector magnitude = h.and(0x7FFF).lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats().mul(TWO_POW_112);
        return magnitude.reinterpretAsInts().or(h.and(0x8000_0000)).reinterpretAsFloats();
    }

    /** {@link #dot} over IEEE halves (an F16 cache holding only finite values). */
    static float dotHalves(float[] q, int qOff, MemorySegment k, long kOff, int n, float[] lanes) {
        int i = 0;
        float sum = 0f;
        if (n >= F.length()) {
            FloatVector acc = FloatVector.zero(F);
            int upper = F.loopBound(n);
            for (; i < upper; i += F.length()) {
                acc = FloatVector.fromArray(F, q, qOff + i).fma(halves(k, kOff + (long) i * Short.BYTES), acc);
            }
            acc.intoArray(lanes, 0);
            for (int j = 0; j < F.length(); j++) {
                sum += lanes[j];
            }
        }
        for (; i < n; i++) {
            sum += q[qOff + i] * Float.float16ToFloat(k.get(java.lang.foreign.ValueLayout.JAVA_SHORT, kOff + (long) i * Short.BYTES));
        }
        return sum;
    }

    /** {@link #axpy} over IEEE halves (an F16 cache holding only finite values). */
    static void axpyHalves(float a, MemorySegment v, long vOff, float[] out, int outOff, int n) {
        int i = 0;
        if (n >= F.length()) {
            FloatVector va = FloatVector.broadcast(F, a);
            int upper = F.loopBound(n);
            for (; i < upper; i += F.length()) {
                FloatVector o = FloatVector.fromArray(F, out, outOff + i);
                va.fma(halves(v, vOff + (long) i * Short.BYTES), o).intoArray(out, outOff + i);
            }
        }
        for (; i < n; i++) {
            out[outOff + i] += a * Float.float16ToFloat(v.get(java.lang.foreign.ValueLayout.JAVA_SHORT, vOff + (long) i * Short.BYTES));
        }
    }

    /** {@link #dot} over IEEE halves of any value (infinities and NaN too), one at a time. */
    static float dotHalvesScalar(float[] q, int qOff, MemorySegment k, long kOff, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += q[qOff + i] * Float.float16ToFloat(k.get(java.lang.foreign.ValueLayout.JAVA_SHORT, kOff + (long) i * Short.BYTES));
        }
        return sum;
    }

    /** {@link #axpy} over IEEE halves of any value, one at a time. */
    static void axpyHalvesScalar(float a, MemorySegment v, long vOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] += a * Float.float16ToFloat(v.get(java.lang.foreign.ValueLayout.JAVA_SHORT, vOff + (long) i * Short.BYTES));
        }
    }

    /** {@code out[outOff+i] += a·v[i]} for {@code i < n}, with {@code v} read from a segment of native floats. */
    static void axpy(float a, MemorySegment v, long vOff, float[] out, int outOff, int n) {
        int i = 0;
        if (n >= F.length()) {
            FloatVector va = FloatVector.broadcast(F, a);
            int upper = F.loopBound(n);
            for (; i < upper; i += F.length()) {
                FloatVector b = FloatVector.fromMemorySegment(F, v, vOff + (long) i * Float.BYTES, NATIVE);
                FloatVector o = FloatVector.fromArray(F, out, outOff + i);
                va.fma(b, o).intoArray(out, outOff + i);
            }
        }
        for (; i < n; i++) {
            out[outOff + i] += a * v.get(java.lang.foreign.ValueLayout.JAVA_FLOAT, vOff + (long) i * Float.BYTES);
        }
    }

    /**
     * Softmax of {@code x[0, n)} in place (ggml {@code soft_max_f32}): {@code expf(x − max)}, the sum
     * in double, then a multiply by the float {@code 1/sum}.
     */
    static void softmax(float[] x, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[i] - max);
            x[i] = e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int i = 0; i < n; i++) {
            x[i] *= inv;
        }
    }

    /** {@code gate[i] = act(gate[i])·up[i]} (ggml {@code silu}/{@code relu}+{@code sqr}, then {@code mul}). */
    static void gatedActivation(Activation act, float[] gate, float[] up, int n) {
        for (int i = 0; i < n; i++) {
            gate[i] = act.apply(gate[i]) * up[i];
        }
    }

    /** {@code x[i] += y[i]}. */
    static void add(float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            x[i] += y[i];
        }
    }

    /** Index of the largest value; the lowest index wins ties (llama.cpp's greedy sampler). */
    static int argmax(float[] x, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }
}
