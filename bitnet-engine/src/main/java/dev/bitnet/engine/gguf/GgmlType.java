package dev.bitnet.engine.gguf;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code GgmlType} enumerates ggml tensor types by their numeric id in a GGUF tensor info, with the
 * block geometry that fixes a tensor's byte size.
 *
 * <p>Ids and block sizes follow {@code enum ggml_type} in {@code ggml/include/ggml.h} and the
 * {@code block_*} structs with their {@code static_assert}ed sizes in {@code ggml/src/ggml-common.h}
 * of bitnet.cpp's llama.cpp fork (Eddie-Wang1120/llama.cpp 406a5036), which adds
 * {@code GGML_TYPE_I2_S = 36}, {@code I8_S = 37}, {@code TL1 = 38} and {@code TL2 = 39} after
 * upstream's {@code TQ2_0 = 35}. Ids 4 and 5 (the removed Q4_2/Q4_3) are unknown.
 *
 * <p>{@link #I2_S} is not a block type: ggml gives it block size 1 and type size 1 and then, in
 * {@code ggml_nbytes}, divides by 4 and adds 32: n/4 bytes of 2-bit codes, one f32 tensor scale and
 * 28 padding bytes. {@link #TL1} and {@link #TL2} are lookup-table layouts whose packing depends on
 * the build-time kernel configuration; they are known here so that a file using them gets a clear
 * message, but their data cannot be read ({@link #isReadable()} is false).
 */
public enum GgmlType {
    // @formatter:off
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 2 + 16),
    Q4_1(3, 32, 2 + 2 + 16),
    Q5_0(6, 32, 2 + 4 + 16),
    Q5_1(7, 32, 2 + 2 + 4 + 16),
    /** {@code block_q8_0}: f16 d, int8 qs[32]. */
    Q8_0(8, 32, 2 + 32),
    Q8_1(9, 32, 2 + 2 + 32),
    Q2_K(10, 256, 256 / 16 + 256 / 4 + 2 + 2),
    Q3_K(11, 256, 256 / 8 + 256 / 4 + 12 + 2),
    Q4_K(12, 256, 2 + 2 + 12 + 256 / 2),
    Q5_K(13, 256, 2 + 2 + 12 + 256 / 8 + 256 / 2),
    /** {@code block_q6_K}: uint8 ql[128], uint8 qh[64], int8 scales[16], f16 d. */
    Q6_K(14, 256, 256 / 2 + 256 / 4 + 256 / 16 + 2),
    Q8_K(15, 256, 4 + 256 + 256 / 16 * 2),
    IQ2_XXS(16, 256, 2 + 256 / 8 * 2),
    IQ2_XS(17, 256, 2 + 256 / 8 * 2 + 256 / 32),
    IQ3_XXS(18, 256, 2 + 3 * 256 / 8),
    IQ1_S(19, 256, 2 + 256 / 8 + 256 / 32 * 2),
    IQ4_NL(20, 32, 2 + 16),
    IQ3_S(21, 256, 2 + 256 / 4 + 256 / 32 + 256 / 8 + 256 / 64),
    IQ2_S(22, 256, 2 + 256 / 4 + 256 / 32 + 256 / 32),
    IQ4_XS(23, 256, 2 + 2 + 256 / 64 + 256 / 2),
    I8(24, 1, 1),
    I16(25, 1, 2),
    I32(26, 1, 4),
    I64(27, 1, 8),
    F64(28, 1, 8),
    IQ1_M(29, 256, 256 / 8 + 256 / 16 + 256 / 32),
    BF16(30, 1, 2),
    Q4_0_4_4(31, 32, 2 + 16),
    Q4_0_4_8(32, 32, 2 + 16),
    Q4_0_8_8(33, 32, 2 + 16),
    TQ1_0(34, 256, (256 - 4 * 256 / 64) / 5 + 256 / 64 + 2),
    TQ2_0(35, 256, 256 / 4 + 2),
    /** bitnet.cpp's packed ternary weights: n/4 code bytes, f32 scale, 28 padding bytes. */
    I2_S(36, 1, 1),
    /** bitnet.cpp's int8 activation type (never stored in files). */
    I8_S(37, 1, 1),
    TL1(38, 1, 1),
    TL2(39, 1, 1);
    // @formatter:on

    /** Bytes after an I2_S tensor's codes: one little-endian f32 scale, then 28 padding bytes. */
    public static final int I2_S_TAIL_BYTES = 32;

    private static final GgmlType[] BY_ID = new GgmlType[64];

    static {
        for (GgmlType t : values()) {
            BY_ID[t.id] = t;
        }
    }

    private final int id;
    private final int blockSize;
    private final int typeSize;

    GgmlType(int id, int blockSize, int typeSize) {
        this.id = id;
        this.blockSize = blockSize;
        this.typeSize = typeSize;
    }

    /** @return the numeric id written in GGUF tensor infos */
    public int id() {
        return id;
    }

    /** @return elements per block (1 for scalar types and for I2_S) */
    public int blockSize() {
        return blockSize;
    }

    /** @return bytes per block (for I2_S see {@link #byteSize(long)}) */
    public int typeSize() {
        return typeSize;
    }

    /**
     * @return whether this build can compute the byte size of a tensor of this type from its element
     *     count and so read it; false for TL1 and TL2, whose layout depends on the kernel build
     */
    public boolean isReadable() {
        return this != TL1 && this != TL2;
    }

    /**
     * Returns the number of bytes a tensor of this type with {@code nElements} elements occupies,
     * as ggml's {@code ggml_nbytes} computes it (I2_S: {@code n/4 + 32}).
     *
     * @param nElements element count, zero or more; a multiple of {@link #blockSize()}
     * @throws IllegalArgumentException if the count is negative, not a multiple of the block size,
     *     or the type is not readable
     * @throws ArithmeticException if the size overflows a {@code long}
     */
    public long byteSize(long nElements) {
        if (nElements < 0) {
            throw new IllegalArgumentException("element count must not be negative: " + nElements);
        }
        if (!isReadable()) {
            throw new IllegalArgumentException("tensor type " + this + " has a build-dependent size");
        }
        if (this == I2_S) {
            return nElements / 4 + I2_S_TAIL_BYTES;
        }
        if (nElements % blockSize != 0) {
            throw new IllegalArgumentException("element count " + nElements
                    + " is not a multiple of the " + this + " block size " + blockSize);
        }
        return Math.multiplyExact(nElements / blockSize, (long) typeSize);
    }

    /**
     * @param id a ggml type id
     * @return the type with that id
     * @throws GgufFormatException if no type has that id
     */
    public static GgmlType fromId(int id) {
        return find(id).orElseThrow(() -> new GgufFormatException(
                "unknown ggml type id " + id + ", expected one of " + knownIds()));
    }

    /** @return the type with that id, empty if none */
    public static Optional<GgmlType> find(int id) {
        return id >= 0 && id < BY_ID.length ? Optional.ofNullable(BY_ID[id]) : Optional.empty();
    }

    static List<Integer> knownIds() {
        return Arrays.stream(values()).map(GgmlType::id).toList();
    }
}
