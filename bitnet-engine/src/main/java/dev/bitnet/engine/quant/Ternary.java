package dev.bitnet.engine.quant;

/**
 * {@code Ternary} turns float weights into BitNet b1.58 ternary weights with the absmean rule of the
 * BitNet b1.58 paper, as bitnet.cpp's {@code utils/generate-dummy-bitnet-model.py}
 * ({@code weight_quant}) applies it to a whole tensor:
 * <pre>
 * scale = max(mean(|W|), 1e-5)            // over the whole tensor
 * t     = clamp(round(W / scale), -1, 1)  // round half to even, like torch.round
 * W'    = t * scale
 * </pre>
 */
public final class Ternary {

    /** Lower bound of the scale, so an all-zero tensor does not divide by zero. */
    public static final float MIN_SCALE = 1e-5f;

    private Ternary() {}

    /**
     * {@code Weights} holds a ternarised tensor.
     *
     * @param values one of -1, 0, +1 per weight, in the tensor's row-major order
     * @param scale the absmean scale; weight i stands for {@code values[i] * scale}
     */
    public record Weights(byte[] values, float scale) {
        public Weights {
            values = values.clone();
            if (!(scale > 0) || !Float.isFinite(scale)) {
                throw new IllegalArgumentException("scale must be a positive finite number: " + scale);
            }
        }

        @Override
        public byte[] values() {
            return values.clone();
        }
    }

    /** Ternarises a whole tensor. */
    public static Weights absmean(float[] w) {
        return absmean(w, 0, w.length);
    }

    /**
     * Ternarises {@code n} weights starting at {@code off}.
     *
     * @throws IllegalArgumentException if a weight is not finite
     */
    public static Weights absmean(float[] w, int off, int n) {
        double sumAbs = 0;
        for (int i = off; i < off + n; i++) {
            if (!Float.isFinite(w[i])) {
                throw new IllegalArgumentException("weight " + (i - off) + " is not finite: " + w[i]);
            }
            sumAbs += Math.abs(w[i]);
        }
        float scale = n == 0 ? MIN_SCALE : Math.max((float) (sumAbs / n), MIN_SCALE);
        byte[] t = new byte[n];
        for (int i = 0; i < n; i++) {
            t[i] = ternarise(w[off + i], scale);
        }
        return new Weights(t, scale);
    }

    /** @return {@code clamp(rint(w / scale), -1, 1)} */
    public static byte ternarise(float w, float scale) {
        double r = Math.rint(w / scale);
        return (byte) Math.max(-1, Math.min(1, r));
    }
}
