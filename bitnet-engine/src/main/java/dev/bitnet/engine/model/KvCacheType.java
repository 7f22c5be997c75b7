package dev.bitnet.engine.model;

/**
 * {@code KvCacheType} selects the precision of cached keys and values.
 *
 * @since 0.1
 */
public enum KvCacheType {
    /**
     * Keys and values rounded to F16 (round to nearest even) as they enter the cache, as ggml's
     * default F16 cache does; this is what bitnet.cpp computes, so it is the default. They are kept
     * in F32 slots so the attention loops vectorize without a half-float conversion.
     */
    F16,
    /** Keys and values kept at full F32 precision. */
    F32;

    /** Applies the cache's rounding to one value. */
    public float round(float value) {
        return this == F16 ? Float.float16ToFloat(Float.floatToFloat16(value)) : value;
    }
}
