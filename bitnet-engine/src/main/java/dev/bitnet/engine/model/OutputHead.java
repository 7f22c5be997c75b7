package dev.bitnet.engine.model;

/**
 * {@code OutputHead} selects how the classifier (the tied token embedding on BitNet) is applied.
 *
 * @since 0.1
 */
public enum OutputHead {
    /** The stored matrix as is (F16 on 2B4T): exact, the default and the cross-validation mode. */
    EXACT,
    /**
     * An int8 copy with per-row scales, quantized from the stored matrix at load time: about half the
     * bytes per token, logits within the int8 rounding of the exact ones.
     */
    INT8
}
