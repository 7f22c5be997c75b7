package dev.bitnet.engine.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code Quantize} converts float rows to F16, Q8_0 and Q6_K, the formats of the tied token
 * embedding besides I2_S (see {@link I2S}). Q8_0 follows ggml's reference
 * {@code quantize_row_q8_0_ref}: per block of 32, {@code d = max|x| / 127},
 * {@code qs[j] = roundf(x[j] / d)} (half away from zero), d stored as f16. Q6_K writes valid
 * {@code block_q6_K}s with a plain absmax rule (see {@link #q6_K}), not ggml's error-minimising
 * search, so its bytes differ from {@code llama-quantize}'s while {@link Dequantize#q6_K} reads
 * them the same way.
 */
public final class Quantize {

    private Quantize() {}

    /** @return the IEEE half-precision bits of {@code f} (round to nearest even) */
    public static short toF16(float f) {
        return Float.floatToFloat16(f);
    }

    /** @return the float value of half-precision bits {@code h} */
    public static float fromF16(short h) {
        return Float.float16ToFloat(h);
    }

    /** Writes {@code n} floats as little-endian F16 at {@code dst[byteOff]}. */
    public static void f16(float[] x, int off, int n, MemorySegment dst, long byteOff) {
        for (int i = 0; i < n; i++) {
            dst.set(BlockLayouts.F16, byteOff + 2L * i, Float.floatToFloat16(x[off + i]));
        }
    }

    /** Writes {@code n} floats (a multiple of 32) as Q8_0 blocks at {@code dst[byteOff]}. */
    public static void q8_0(float[] x, int off, int n, MemorySegment dst, long byteOff) {
        if (n % BlockLayouts.QK8_0 != 0) {
            throw new IllegalArgumentException("Q8_0 element count must be a multiple of 32: " + n);
        }
        long blockBytes = BlockLayouts.Q8_0.byteSize();
        for (int b = 0; b < n / BlockLayouts.QK8_0; b++) {
            int base = off + b * BlockLayouts.QK8_0;
            float amax = 0;
            for (int j = 0; j < BlockLayouts.QK8_0; j++) {
                amax = Math.max(amax, Math.abs(x[base + j]));
            }
            float d = amax / 127;
            float id = d != 0 ? 1.0f / d : 0.0f;
            long at = byteOff + b * blockBytes;
            dst.set(BlockLayouts.F16, at, Float.floatToFloat16(d));
            for (int j = 0; j < BlockLayouts.QK8_0; j++) {
                dst.set(ValueLayout.JAVA_BYTE, at + 2 + j, (byte) roundHalfAwayFromZero(x[base + j] * id));
            }
        }
    }

    /** C's {@code roundf}: round half away from zero (unlike {@link Math#round(float)}). */
    public static int roundHalfAwayFromZero(float v) {
        return (int) Math.copySign(Math.floor(Math.abs((double) v) + 0.5), v);
    }

    /**
     * Writes {@code n} floats (a multiple of 256) as Q6_K super-blocks at {@code dst[byteOff]}.
     * Per super-block: each 16-element sub-block j gets the scale {@code s_j = max|x| / 31}; the
     * super-block scale is {@code d = max_j s_j / 127} (stored as f16, then used as stored);
     * {@code scales[j] = round(s_j / d)} and {@code q = clamp(round(x / (d * scales[j])), -32, 31)},
     * stored as {@code q + 32} in the layout {@link Dequantize#q6_K} documents (sub-block j holds
     * elements 16j .. 16j+15).
     */
    public static void q6_K(float[] x, int off, int n, MemorySegment dst, long byteOff) {
        int qk = BlockLayouts.QK_K;
        if (n % qk != 0) {
            throw new IllegalArgumentException("Q6_K element count must be a multiple of 256: " + n);
        }
        long blockBytes = BlockLayouts.Q6_K.byteSize();
        float[] sub = new float[qk / 16];
        for (int b = 0; b < n / qk; b++) {
            int base = off + b * qk;
            long at = byteOff + b * blockBytes;
            float maxSub = 0;
            for (int j = 0; j < sub.length; j++) {
                float amax = 0;
                for (int i = 0; i < 16; i++) {
                    amax = Math.max(amax, Math.abs(x[base + 16 * j + i]));
                }
                sub[j] = amax / 31;
                maxSub = Math.max(maxSub, sub[j]);
            }
            float d = Float.float16ToFloat(Float.floatToFloat16(maxSub / 127));
            dst.set(BlockLayouts.F16, at + BlockLayouts.Q6_K_D, Float.floatToFloat16(d));
            dst.asSlice(at, BlockLayouts.Q6_K_SCALES).fill((byte) 0); // ql and qh are OR-ed into
            for (int j = 0; j < sub.length; j++) {
                int sc = d == 0 ? 0 : Math.min(127, roundHalfAwayFromZero(sub[j] / d));
                dst.set(ValueLayout.JAVA_BYTE, at + BlockLayouts.Q6_K_SCALES + j, (byte) sc);
                float step = d * sc;
                for (int i = 0; i < 16; i++) {
                    int e = 16 * j + i;
                    int q = step == 0 ? 0 : Math.max(-32, Math.min(31, roundHalfAwayFromZero(x[base + e] / step)));
                    putQ6(dst, at, e, q + 32);
                }
            }
        }
    }

    /** Stores the 6-bit value {@code u} of element {@code e} (0..255) of the block at {@code at}. */
    private static void putQ6(MemorySegment dst, long at, int e, int u) {
        int half = e / 128;
        int g = e % 128 / 32;
        int l = e % 32;
        long ql = at + BlockLayouts.Q6_K_QL + 64L * half + l + (g % 2 == 1 ? 32 : 0);
        long qh = at + BlockLayouts.Q6_K_QH + 32L * half + l;
        int nibbleShift = g >= 2 ? 4 : 0;
        byte old = dst.get(ValueLayout.JAVA_BYTE, ql);
        dst.set(ValueLayout.JAVA_BYTE, ql, (byte) (old | (u & 0xF) << nibbleShift));
        byte oldH = dst.get(ValueLayout.JAVA_BYTE, qh);
        dst.set(ValueLayout.JAVA_BYTE, qh, (byte) (oldH | (u >> 4 & 3) << (2 * g)));
    }
}
