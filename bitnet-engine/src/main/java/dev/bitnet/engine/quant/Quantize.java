package dev.bitnet.engine.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code Quantize} converts float rows to F16 and Q8_0, the formats a writer of BitNet models needs
 * besides I2_S (see {@link I2S}). Q8_0 follows ggml's reference {@code quantize_row_q8_0_ref}:
 * per block of 32, {@code d = max|x| / 127}, {@code qs[j] = roundf(x[j] / d)} (half away from zero),
 * d stored as f16.
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
}
