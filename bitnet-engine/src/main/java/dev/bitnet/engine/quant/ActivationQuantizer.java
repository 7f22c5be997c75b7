package dev.bitnet.engine.quant;

/**
 * {@code ActivationQuantizer} quantizes one token's activations to int8 exactly as bitnet.cpp's
 * {@code quantize_row_i8_s} does before every I2_S matmul (llama.cpp fork 406a5036,
 * {@code ggml/src/ggml-quants.c}, called from {@code ggml_compute_forward_mul_mat} in
 * {@code ggml.c}):
 * <pre>
 * max = max(1e-5, max_i |x_i|)          // in double, starting from 0.00001
 * s   = (float) (127.0 / max)           // per token ("act_scales")
 * q_i = clamp(nearest_int(x_i * s), -128, 127)   // x_i * s is a float product
 * sum = Σ q_i                           // "act_sums", used to undo the +1 offset of the codes
 * </pre>
 * {@code nearest_int} is ggml's magic-number rounding ({@code fval + 12582912.f}, then the low
 * mantissa bits), which rounds half to even for |v| &lt; 2^22; {@link Math#rint} rounds the same
 * way, so this class uses it. (Older bitnet.cpp sources used {@code round()}, half away from
 * zero; the fork the fixtures come from uses {@code nearest_int}.)
 *
 * <p>A dot product with I2_S codes c in {0,1,2} is then {@code (Σ c_i q_i - sum) / s * w_scale}.
 */
public final class ActivationQuantizer {

    /** Lower bound of max|x|, so a zero vector gets a finite scale. */
    public static final double MIN_MAX_ABS = 0.00001;

    private ActivationQuantizer() {}

    /**
     * Quantizes {@code x[off .. off+n)} into {@code q[qOff .. qOff+n)}.
     *
     * @return the activation scale s (divide integer dot products by it)
     */
    public static float quantize(float[] x, int off, int n, byte[] q, int qOff) {
        double max = MIN_MAX_ABS;
        for (int i = off; i < off + n; i++) {
            max = Math.max(max, Math.abs((double) x[i]));
        }
        float s = (float) (127.0 / max);
        for (int i = 0; i < n; i++) {
            q[qOff + i] = quantizeOne(x[off + i], s);
        }
        return s;
    }

    /** @return {@code clamp(rint(x * s), -128, 127)} with a float product, as bitnet.cpp */
    public static byte quantizeOne(float x, float s) {
        float v = x * s;
        int r = (int) Math.rint(v);
        return (byte) Math.max(-128, Math.min(127, r));
    }

    /** @return Σ q[off .. off+n) */
    public static int sum(byte[] q, int off, int n) {
        int sum = 0;
        for (int i = off; i < off + n; i++) {
            sum += q[i];
        }
        return sum;
    }
}
