package dev.bitnet.engine.quant;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * {@code BlockLayouts} declares the byte layout of each quantized block as a
 * {@link MemoryLayout#structLayout struct layout}, mirroring the C structs of ggml's
 * {@code ggml-common.h} (whose {@code static_assert}s pin their sizes) and bitnet.cpp's I2_S format,
 * so that sizes are derived rather than typed in. Tests check each {@code byteSize()} against
 * {@link dev.bitnet.engine.gguf.GgmlType}.
 */
public final class BlockLayouts {

    private BlockLayouts() {}

    /** Little-endian f16 stored as raw bits ({@code ggml_half}). */
    public static final ValueLayout.OfShort F16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Little-endian f32. */
    public static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Elements per Q8_0 block ({@code QK8_0}). */
    public static final int QK8_0 = 32;
    /** Elements per k-quant super-block ({@code QK_K}). */
    public static final int QK_K = 256;

    /**
     * {@code block_q8_0}: {@code ggml_half d; int8_t qs[QK8_0];} (34 bytes), value = d * qs[j].
     */
    public static final StructLayout Q8_0 = MemoryLayout.structLayout(
            F16.withName("d"),
            MemoryLayout.sequenceLayout(QK8_0, ValueLayout.JAVA_BYTE).withName("qs"));

    /**
     * {@code block_q6_K}: {@code uint8_t ql[QK_K/2]; uint8_t qh[QK_K/4]; int8_t scales[QK_K/16];
     * ggml_half d;} (210 bytes): 6-bit quants (low 4 bits in ql, high 2 bits in qh) with one int8
     * scale per 16 elements and an f16 super-block scale.
     */
    public static final StructLayout Q6_K = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(QK_K / 2, ValueLayout.JAVA_BYTE).withName("ql"),
            MemoryLayout.sequenceLayout(QK_K / 4, ValueLayout.JAVA_BYTE).withName("qh"),
            MemoryLayout.sequenceLayout(QK_K / 16, ValueLayout.JAVA_BYTE).withName("scales"),
            F16.withName("d"));

    /** Byte offsets of the Q6_K fields. */
    public static final long Q6_K_QL = Q6_K.byteOffset(MemoryLayout.PathElement.groupElement("ql"));
    public static final long Q6_K_QH = Q6_K.byteOffset(MemoryLayout.PathElement.groupElement("qh"));
    public static final long Q6_K_SCALES = Q6_K.byteOffset(MemoryLayout.PathElement.groupElement("scales"));
    public static final long Q6_K_D = Q6_K.byteOffset(MemoryLayout.PathElement.groupElement("d"));

    /**
     * One I2_S block: 128 ternary weights in 32 bytes; byte {@code b} holds elements {@code b}
     * (bits 7:6), {@code b+32} (5:4), {@code b+64} (3:2) and {@code b+96} (1:0).
     */
    public static final MemoryLayout I2_S_BLOCK =
            MemoryLayout.sequenceLayout(I2S.BLOCK_BYTES, ValueLayout.JAVA_BYTE).withName("codes");

    /**
     * The 32 bytes after an I2_S tensor's codes: {@code float scale; uint8_t padding[28];}. bitnet.cpp
     * never writes the padding (it is whatever the allocator left); this engine writes zeros.
     */
    public static final StructLayout I2_S_TAIL = MemoryLayout.structLayout(
            F32.withName("scale"),
            MemoryLayout.sequenceLayout(28, ValueLayout.JAVA_BYTE).withName("padding"));
}
