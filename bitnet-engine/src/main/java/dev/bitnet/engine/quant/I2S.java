package dev.bitnet.engine.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import dev.bitnet.engine.gguf.GgmlType;

/**
 * {@code I2S} packs and unpacks bitnet.cpp's I2_S tensors (ggml type 36), bit-exact with
 * {@code quantize_i2_s} in bitnet.cpp's {@code src/ggml-bitnet-mad.cpp} (x86 build, {@code QK_I2_S
 * = 128}) and {@code ggml_nbytes} in its llama.cpp fork's {@code ggml.c}:
 * <pre>
 * codes: ternary value t in {-1, 0, +1} is stored as t + 1 in {0, 1, 2}
 *        (bitnet.cpp: |w| &lt; 1e-6 -&gt; 1, w &gt; 0 -&gt; 2, w &lt; 0 -&gt; 0; 3 is never written)
 * order: the tensor's n elements in row-major order, in blocks of 128 elements = 32 bytes;
 *        element j of a block sits in byte (j mod 32) at bit shift 6 - 2 * (j div 32), i.e.
 *        byte b holds elements b (bits 7:6), b+32 (5:4), b+64 (3:2), b+96 (1:0)
 * tail:  at byte n/4 one little-endian f32 scale for the whole tensor, then 28 padding bytes
 *        (bitnet.cpp leaves them uninitialised; this class writes zeros); n/4 + 32 bytes in all
 * </pre>
 * The scale bitnet.cpp stores is {@code max|w|} of its input, and its input is a tensor that the
 * converter already ternarised to {-s, 0, +s} with the absmean scale s, so the stored scale is the
 * absmean scale (rounded through the F16 intermediate file); see {@link #quantizeLikeBitnetCpp}.
 *
 * <p>Rows: with K = ne0 a multiple of 128, row r occupies bytes [r*K/4, (r+1)*K/4).
 */
public final class I2S {

    /** Elements per block ({@code QK_I2_S} on x86). */
    public static final int BLOCK_ELEMENTS = 128;
    /** Bytes per block. */
    public static final int BLOCK_BYTES = BLOCK_ELEMENTS / 4;
    /** Bytes after the codes: scale and padding. */
    public static final int TAIL_BYTES = GgmlType.I2_S_TAIL_BYTES;
    /** bitnet.cpp's threshold below which a weight counts as zero. */
    public static final double ZERO_THRESHOLD = 1e-6;

    private I2S() {}

    /** @return {@code n/4 + 32}, the bytes of an I2_S tensor of {@code n} elements */
    public static long byteSize(long n) {
        return GgmlType.I2_S.byteSize(n);
    }

    /** @return the stored 2-bit code of ternary value {@code t} */
    public static int code(int t) {
        return t + 1;
    }

    /** @return the ternary value of a stored code; code 3 (never written) reads as 0 */
    public static int value(int code) {
        return code == 3 ? 0 : code - 1;
    }

    /** @return byte index of element {@code i} within the packed codes */
    public static long byteIndex(long i) {
        return i / BLOCK_ELEMENTS * BLOCK_BYTES + i % BLOCK_BYTES;
    }

    /** @return bit shift of element {@code i} within its byte */
    public static int shift(long i) {
        return 6 - 2 * (int) (i % BLOCK_ELEMENTS / BLOCK_BYTES);
    }

    /**
     * Packs ternary values into a new I2_S tensor.
     *
     * @param ternary values -1, 0 or +1, row-major; length a multiple of 128
     * @param scale the tensor scale
     * @return {@code ternary.length / 4 + 32} bytes
     */
    public static byte[] pack(byte[] ternary, float scale) {
        byte[] out = new byte[(int) byteSize(ternary.length)];
        pack(ternary, 0, ternary.length, scale, MemorySegment.ofArray(out));
        return out;
    }

    /**
     * Packs {@code n} ternary values from {@code ternary[off]} into {@code dst}, which must hold
     * {@code n/4 + 32} bytes, including the scale and zero padding.
     */
    public static void pack(byte[] ternary, int off, int n, float scale, MemorySegment dst) {
        packCodes(ternary, off, n, dst, 0);
        writeTail(dst, n, scale);
    }

    /**
     * Packs {@code n} ternary values (a multiple of 128) into {@code n/4} code bytes at
     * {@code dst[dstOff]}, without the tail; lets a writer stream a tensor block by block.
     */
    public static void packCodes(byte[] ternary, int off, int n, MemorySegment dst, long dstOff) {
        checkBlocks(n);
        for (int blk = 0; blk < n; blk += BLOCK_ELEMENTS) {
            for (int b = 0; b < BLOCK_BYTES; b++) {
                int base = off + blk + b;
                int packed = checkedCode(ternary, base) << 6
                        | checkedCode(ternary, base + 32) << 4
                        | checkedCode(ternary, base + 64) << 2
                        | checkedCode(ternary, base + 96);
                dst.set(ValueLayout.JAVA_BYTE, dstOff + blk / 4 + b, (byte) packed);
            }
        }
    }

    /** Writes the f32 scale at byte {@code n/4} and 28 zero bytes after it. */
    public static void writeTail(MemorySegment dst, long n, float scale) {
        long at = n / 4;
        dst.set(BlockLayouts.F32, at, scale);
        dst.asSlice(at + 4, TAIL_BYTES - 4).fill((byte) 0);
    }

    /** @return the tensor scale of an I2_S tensor of {@code n} elements */
    public static float scale(MemorySegment src, long n) {
        return src.get(BlockLayouts.F32, n / 4);
    }

    /** @return the stored 2-bit code (0..3) of element {@code i} */
    public static int codeAt(MemorySegment src, long i) {
        return (src.get(ValueLayout.JAVA_BYTE, byteIndex(i)) >> shift(i)) & 3;
    }

    /**
     * Unpacks the ternary values of an I2_S tensor.
     *
     * @param n element count, a multiple of 128 and at most {@code Integer.MAX_VALUE - 16}
     * @return values -1, 0 or +1 in row-major order
     */
    public static byte[] unpack(MemorySegment src, long n) {
        checkBlocks(n);
        if (n > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("tensor too large to unpack into one array: " + n);
        }
        byte[] out = new byte[(int) n];
        for (int blk = 0; blk < n; blk += BLOCK_ELEMENTS) {
            for (int b = 0; b < BLOCK_BYTES; b++) {
                int packed = src.get(ValueLayout.JAVA_BYTE, blk / 4 + b) & 0xFF;
                out[blk + b] = (byte) value(packed >> 6);
                out[blk + b + 32] = (byte) value(packed >> 4 & 3);
                out[blk + b + 64] = (byte) value(packed >> 2 & 3);
                out[blk + b + 96] = (byte) value(packed & 3);
            }
        }
        return out;
    }

    /** Dequantizes to floats: value * scale. */
    public static float[] dequantize(MemorySegment src, long n) {
        byte[] t = unpack(src, n);
        float s = scale(src, n);
        float[] out = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            out[i] = t[i] * s;
        }
        return out;
    }

    /**
     * Quantizes float weights exactly as bitnet.cpp's {@code quantize_i2_s} (what
     * {@code llama-quantize ... I2_S} runs): scale = max|w| computed in double and stored as f32;
     * each weight becomes 0 if |w| &lt; 1e-6, else its sign. It expects weights that are already
     * ternary ({-s, 0, +s}); on other weights it is a sign quantizer, as in bitnet.cpp.
     *
     * @param w weights, row-major, length a multiple of 128
     * @return the packed tensor ({@code w.length/4 + 32} bytes, zero padding)
     */
    public static byte[] quantizeLikeBitnetCpp(float[] w) {
        double max = 0;
        for (float x : w) {
            max = Math.max(max, Math.abs((double) x));
        }
        byte[] t = new byte[w.length];
        for (int i = 0; i < w.length; i++) {
            t[i] = (byte) (Math.abs((double) w[i]) < ZERO_THRESHOLD ? 0 : (w[i] > 0 ? 1 : -1));
        }
        return pack(t, (float) max);
    }

    private static int checkedCode(byte[] ternary, int i) {
        int t = ternary[i];
        if (t < -1 || t > 1) {
            throw new IllegalArgumentException("ternary value must be -1, 0 or 1 but was " + t + " at index " + i);
        }
        return t + 1;
    }

    private static void checkBlocks(long n) {
        if (n < 0 || n % BLOCK_ELEMENTS != 0) {
            throw new IllegalArgumentException("I2_S element count must be a multiple of " + BLOCK_ELEMENTS + ": " + n);
        }
    }
}
