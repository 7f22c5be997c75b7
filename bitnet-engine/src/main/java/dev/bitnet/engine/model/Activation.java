package dev.bitnet.engine.model;

/**
 * {@code Activation} names the gate activation of the gated feed-forward block,
 * {@code down(subnorm(act(gate) ⊙ up))}.
 *
 * <p>Read from the architecture key, never guessed (bitnet.cpp's llama.cpp fork:
 * {@code build_bitnet} uses {@code LLM_FFN_SILU}, {@code build_bitnet_158} for
 * {@code bitnet-b1.58} and {@code bitnet-25} uses {@code LLM_FFN_RELU_SQR}; both {@code LLM_FFN_PAR}).
 *
 * @since 0.1
 */
public enum Activation {
    /** {@code relu(x)²}: BitNet b1.58 2B4T ({@code bitnet-b1.58}, {@code bitnet-25}). */
    RELU2,
    /** {@code x·sigmoid(x)}: the older {@code bitnet} architecture (1bitLLM, bitnet.cpp's dummy models). */
    SILU;

    /** Applies the activation to one value, in float as ggml does. */
    public float apply(float x) {
        return switch (this) {
            case RELU2 -> {
                float r = Math.max(x, 0f);
                yield r * r;
            }
            case SILU -> x / (1f + (float) Math.exp(-x));
        };
    }
}
