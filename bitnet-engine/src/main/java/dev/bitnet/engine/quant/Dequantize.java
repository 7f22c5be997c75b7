package dev.bitnet.engine.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import dev.bitnet.engine.gguf.GgmlType;

/**
 * {@code Dequantize} turns rows of F32, F16, Q8_0 and Q6_K tensors into floats: the types the tied
 * token embedding / output head of a BitNet GGUF uses ({@code llama-quantize} keeps it F16 or
 * writes Q8_0 or Q6_K depending on the hidden size and {@code --token-embedding-type}). These are
 * reference implementations, one element at a time, following {@code dequantize_row_q8_0} and
 * {@code dequantize_row_q6_K} in ggml's {@code ggml-quants.c}; kernels may use faster ones and
 * test against these.
 */
public final class Dequantize {

    private Dequantize() {}

    /**
     * Dequantizes {@code n} elements starting at element {@code first} of a tensor's data.
     *
     * @param first first element; a multiple of the type's block size
     * @param n element count; a multiple of the type's block size
     * @throws IllegalArgumentException for other types or unaligned ranges
     */
    public static void elements(GgmlType type, MemorySegment data, long first, float[] out, int off, int n) {
        int bs = type.blockSize();
        if (first % bs != 0 || n % bs != 0) {
            throw new IllegalArgumentException("range [" + first + ", " + (first + n) + ") of a " + type
                    + " tensor must start and end on a block boundary of " + bs);
        }
        long byteOff = first / bs * type.typeSize();
        switch (type) {
            case F32 -> MemorySegment.copy(data, BlockLayouts.F32, byteOff, out, off, n);
            case F16 -> f16(data, byteOff, out, off, n);
            case Q8_0 -> q8_0(data, byteOff, out, off, n / bs);
            case Q6_K -> q6_K(data, byteOff, out, off, n / bs);
            default -> throw new IllegalArgumentException("cannot dequantize tensor type " + type
                    + ", expected one of [F32, F16, Q8_0, Q6_K]");
        }
    }

    /**
     * Dequantizes row {@code row} of a 2-D tensor with {@code cols} (= ne0) elements per row into
     * {@code out[off .. off+cols)}.
     */
    public static void row(GgmlType type, MemorySegment data, long row, int cols, float[] out, int off) {
        elements(type, data, row * cols, out, off, cols);
    }

    /** F16: IEEE half precision, little-endian. */
    public static void f16(MemorySegment src, long byteOff, float[] out, int off, int n) {
        for (int i = 0; i < n; i++) {
            out[off + i] = Float.float16ToFloat(src.get(BlockLayouts.F16, byteOff + 2L * i));
        }
    }

    /** Q8_0: per block of 32, {@code y[j] = d * qs[j]}. */
    public static void q8_0(MemorySegment src, long byteOff, float[] out, int off, int blocks) {
        long blockBytes = BlockLayouts.Q8_0.byteSize();
        for (int b = 0; b < blocks; b++) {
            long at = byteOff + b * blockBytes;
            float d = Float.float16ToFloat(src.get(BlockLayouts.F16, at));
            for (int j = 0; j < BlockLayouts.QK8_0; j++) {
                out[off + b * BlockLayouts.QK8_0 + j] = d * src.get(ValueLayout.JAVA_BYTE, at + 2 + j);
            }
        }
    }

    /**
     * Q6_K: per super-block of 256, two halves of 128; in each half, for l in [0, 32):
     * <pre>
     * q1 = (ql[l]    &amp; 0xF | ((qh[l] &gt;&gt; 0) &amp; 3) &lt;&lt; 4) - 32  -&gt; y[l]      = d * sc[l/16 + 0] * q1
     * q2 = (ql[l+32] &amp; 0xF | ((qh[l] &gt;&gt; 2) &amp; 3) &lt;&lt; 4) - 32  -&gt; y[l + 32] = d * sc[l/16 + 2] * q2
     * q3 = (ql[l]    &gt;&gt; 4  | ((qh[l] &gt;&gt; 4) &amp; 3) &lt;&lt; 4) - 32  -&gt; y[l + 64] = d * sc[l/16 + 4] * q3
     * q4 = (ql[l+32] &gt;&gt; 4  | ((qh[l] &gt;&gt; 6) &amp; 3) &lt;&lt; 4) - 32  -&gt; y[l + 96] = d * sc[l/16 + 6] * q4
     * </pre>
     * then ql advances 64 bytes, qh 32 and sc 8 for the second half. The product is evaluated as ggml
     * does: {@code d * sc} first (float), then times q.
     */
    public static void q6_K(MemorySegment src, long byteOff, float[] out, int off, int blocks) {
        long blockBytes = BlockLayouts.Q6_K.byteSize();
        for (int b = 0; b < blocks; b++) {
            long at = byteOff + b * blockBytes;
            float d = Float.float16ToFloat(src.get(BlockLayouts.F16, at + BlockLayouts.Q6_K_D));
            int y = off + b * BlockLayouts.QK_K;
            for (int half = 0; half < 2; half++) {
                long ql = at + BlockLayouts.Q6_K_QL + half * 64L;
                long qh = at + BlockLayouts.Q6_K_QH + half * 32L;
                long sc = at + BlockLayouts.Q6_K_SCALES + half * 8L;
                for (int l = 0; l < 32; l++) {
                    int is = l / 16;
                    int qlLo = src.get(ValueLayout.JAVA_BYTE, ql + l) & 0xFF;
                    int qlHi = src.get(ValueLayout.JAVA_BYTE, ql + l + 32) & 0xFF;
                    int h = src.get(ValueLayout.JAVA_BYTE, qh + l) & 0xFF;
                    int q1 = ((qlLo & 0xF) | ((h >> 0) & 3) << 4) - 32;
                    int q2 = ((qlHi & 0xF) | ((h >> 2) & 3) << 4) - 32;
                    int q3 = ((qlLo >> 4) | ((h >> 4) & 3) << 4) - 32;
                    int q4 = ((qlHi >> 4) | ((h >> 6) & 3) << 4) - 32;
                    out[y + l] = d * src.get(ValueLayout.JAVA_BYTE, sc + is) * q1;
                    out[y + l + 32] = d * src.get(ValueLayout.JAVA_BYTE, sc + is + 2) * q2;
                    out[y + l + 64] = d * src.get(ValueLayout.JAVA_BYTE, sc + is + 4) * q3;
                    out[y + l + 96] = d * src.get(ValueLayout.JAVA_BYTE, sc + is + 6) * q4;
                }
                y += 128;
            }
        }
    }
}
