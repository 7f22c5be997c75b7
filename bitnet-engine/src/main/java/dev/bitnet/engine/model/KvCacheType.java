package dev.bitnet.engine.model;

/**
 * {@code KvCacheType} selects the precision of cached keys and values.
 *
 * @since 0.1
 */
public enum KvCacheType {
    /**
     * Keys and values stored as IEEE half floats (rounded to nearest even), as ggml's default F16
     * cache does; this is what bitnet.cpp computes, so it is the default, and it takes half the
     * memory of {@link #F32}. The CPU runner then also mirrors the other F16 conversions of ggml's
     * CPU graph: queries (multiplied with the F16 keys as F16), the classifier input (F16 embedding
     * times an F16 copy of the activations) and, in a decode step, the attention weights.
     */
    F16,
    /** Keys and values kept at full F32 precision, and no F16 conversions anywhere. */
    F32;

    /** Applies the cache's rounding to one value. */
    public float round(float value) {
        return this == F16 ? Float.float16ToFloat(Float.floatToFloat16(value)) : value;
    }
}
