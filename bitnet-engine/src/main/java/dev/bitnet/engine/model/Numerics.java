package dev.bitnet.engine.model;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Neural net blocks; the dynamics of the Transformer: the small numeric helpers the forward pass
 * calls besides the matrix products. Each follows the float arithmetic of the ggml op it mirrors
 * (named in its comment), so the engine tracks bitnet.cpp's numbers closely.
 */
final class Numerics {

    /** The preferred float vector, or 512 bits where that is longer (so that {@link Attention#BLOCK} is whole vectors). */
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED.length() <= Attention.BLOCK
            ? FloatVector.SPECIES_PREFERRED : FloatVector.SPECIES_512;

    /** Doubles in vectors of {@link #F}'s shape: each float vector converts into two of them. */
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED.withShape(F.vectorShape());

    private Numerics() {}

    /**
     * RMSNorm then the weight (ggml {@code rms_norm} + {@code mul}): the sum of squares in double
     * over float products (summed in vector lanes, then the lanes in order), {@code scale = 1/sqrtf(mean + eps)}
     * in float, {@code out = (x·scale)·w}.
     * {@code out} may be {@code x}.
     */
    static void rmsnorm(float[] out, float[] x, float[] weight, int n, float eps) {
        DoubleVector sum0 = DoubleVector.zero(D), sum1 = sum0;
        int i = 0;
        for (; i + F.length() <= n; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, i);
            FloatVector squares = v.mul(v);
            sum0 = sum0.add(squares.convertShape(VectorOperators.F2D, D, 0));
            sum1 = sum1.add(squares.convertShape(VectorOperators.F2D, D, 1));
        }
        DoubleVector lanes = sum0.add(sum1);
        double sum = 0;
        for (int j = 0; j < D.length(); j++) {
            sum += lanes.lane(j);
        }
        for (int k = i; k < n; k++) {
            float xk = x[k];
            sum += xk * xk;
        }
        float mean = (float) (sum / n);
        float scale = 1f / (float) Math.sqrt(mean + eps);
        for (int k = 0; k < i; k += F.length()) {
            FloatVector.fromArray(F, x, k).mul(scale).mul(FloatVector.fromArray(F, weight, k)).intoArray(out, k);
        }
        for (int k = i; k < n; k++) {
            out[k] = (x[k] * scale) * weight[k];
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
     * NEOX RoPE on heads {@code [firstHead, endHead)} of {@code x} (ggml {@code rope_f32}, mode NEOX):
     * rotates the pairs {@code (i, i + headDim/2)} of each head.
     */
    static void ropeNeox(float[] x, int firstHead, int endHead, int headDim, float[] cos, float[] sin) {
        int half = headDim / 2;
        for (int h = firstHead; h < endHead; h++) {
            int base = h * headDim;
            for (int i = 0; i < half; i++) {
                float x0 = x[base + i];
                float x1 = x[base + i + half];
                x[base + i] = x0 * cos[i] - x1 * sin[i];
                x[base + i + half] = x0 * sin[i] + x1 * cos[i];
            }
        }
    }

    /** Rounds every value of {@code x[from, to)} to F16 precision (ggml's F32→F16 copy before an F16 product). */
    static void roundToF16(float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            x[i] = Float.float16ToFloat(Float.floatToFloat16(x[i]));
        }
    }

    /**
     * Converts {@code n} IEEE halves at byte offset {@code off} into {@code out[outOff, outOff+n)},
     * exactly (infinities and NaN too). A plain loop: C2 compiles it to {@code vcvtph2ps} where the
     * CPU has it (16 halves per instruction with AVX-512, measured 2.4× faster than the bit
     * arithmetic of {@link #halves}).
     */
    static void halvesToFloats(MemorySegment seg, long off, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = Float.float16ToFloat(seg.get(java.lang.foreign.ValueLayout.JAVA_SHORT, off + 2L * i));
        }
    }

    /**
     * Softmax of {@code x[0, n)} in place (ggml {@code soft_max_f32}): {@code exp(x − max)}, the sum
     * in double, then a multiply by the float {@code 1/sum}. Vectorised: {@code x} must have room up
     * to {@code n} rounded up to whole vectors, and those entries after {@code n} are overwritten.
     * The exponential is {@link #exp}, whose float operations run the same in every execution mode.
     */
    static void softmax(float[] x, int n) {
        int end = (n + F.length() - 1) / F.length() * F.length();
        if (x.length < end) {
            throw new IllegalArgumentException("softmax of " + n + " values needs an array of at least " + end
                    + " (whole vectors) but was: " + x.length);
        }
        Arrays.fill(x, n, end, Float.NEGATIVE_INFINITY);
        FloatVector maxes = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < end; i += F.length()) {
            maxes = maxes.max(FloatVector.fromArray(F, x, i));
        }
        float max = maxes.reduceLanes(VectorOperators.MAX); // exact: any order gives the same maximum
        FloatVector shift = FloatVector.broadcast(F, max);
        for (int i = 0; i < end; i += F.length()) {
            exp(FloatVector.fromArray(F, x, i).sub(shift)).intoArray(x, i);
        }
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += x[i];
            s1 += x[i + 1];
            s2 += x[i + 2];
            s3 += x[i + 3];
        }
        for (; i < n; i++) {
            s0 += x[i];
        }
        float inv = (float) (1.0 / ((s0 + s1) + (s2 + s3)));
        for (i = 0; i < end; i += F.length()) {
            FloatVector.fromArray(F, x, i).mul(inv).intoArray(x, i);
        }
    }

    private static final float LOG2_E = 1.44269504088896341f;
    // ln 2 split so that k·LN2_HI is exact for the k that occur (Cody and Waite; the constants of Cephes' expf)
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUNDING = 0x1.8p23f; // x + 1.5·2^23 − 1.5·2^23 rounds |x| < 2^22 to an integer, half to even
    private static final float MIN_ARGUMENT = -87.33654f; // below, e^x is under the smallest normal float: returned as 0

    /**
     * {@code e^x} for {@code x ≤ 0} (and −∞), within 2 ulp: {@code 2^k · e^r} with
     * {@code k = rint(x·log2 e)}, {@code r = x − k·ln 2} in {@code [−ln2/2, ln2/2]}, and the degree-7
     * polynomial of Cephes' {@code expf} for {@code e^r}. Arguments below {@value #MIN_ARGUMENT}
     * give 0; NaN stays NaN.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector clamped = x.max(MIN_ARGUMENT);
        FloatVector k = clamped.mul(LOG2_E).add(ROUNDING).sub(ROUNDING);
        FloatVector r = k.fma(FloatVector.broadcast(F, -LN2_HI), clamped);
        r = k.fma(FloatVector.broadcast(F, -LN2_LO), r);
        FloatVector p = r.fma(FloatVector.broadcast(F, 1.9875691500e-4f), FloatVector.broadcast(F, 1.3981999507e-3f));
        p = p.fma(r, FloatVector.broadcast(F, 8.3334519073e-3f));
        p = p.fma(r, FloatVector.broadcast(F, 4.1665795894e-2f));
        p = p.fma(r, FloatVector.broadcast(F, 1.6666665459e-1f));
        p = p.fma(r, FloatVector.broadcast(F, 5.0000001201e-1f));
        p = p.fma(r.mul(r), r).add(1f);
        FloatVector twoToK = ((IntVector) k.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
        FloatVector e = p.mul(twoToK);
        return e.blend(0f, x.lt(MIN_ARGUMENT));
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
