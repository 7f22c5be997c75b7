package dev.bitnet.engine.gguf;

import java.util.Optional;

/**
 * {@code GgufValueType} enumerates the metadata value types of GGUF ({@code enum gguf_type} in
 * ggml's {@code gguf.h}; {@code gguf_metadata_value_type} in {@code docs/gguf.md}), by id.
 */
public enum GgufValueType {
    // @formatter:off
    UINT8(0, 1), INT8(1, 1), UINT16(2, 2), INT16(3, 2), UINT32(4, 4), INT32(5, 4), FLOAT32(6, 4),
    BOOL(7, 1), STRING(8, -1), ARRAY(9, -1), UINT64(10, 8), INT64(11, 8), FLOAT64(12, 8);
    // @formatter:on

    private static final GgufValueType[] BY_ID = values();

    private final int id;
    private final int byteSize;

    GgufValueType(int id, int byteSize) {
        this.id = id;
        this.byteSize = byteSize;
    }

    public int id() {
        return id;
    }

    /** @return the fixed size of one value in bytes, or -1 for STRING and ARRAY */
    public int byteSize() {
        return byteSize;
    }

    /**
     * @return the smallest number of bytes one value of this type can occupy in a file (a string is
     *     at least its 8-byte length, an array at least its 4-byte type and 8-byte length)
     */
    int minByteSize() {
        return switch (this) {
            case STRING -> 8;
            case ARRAY -> 12;
            default -> byteSize;
        };
    }

    /** @return whether values of this type are integers (read as {@code Long}) */
    public boolean isInteger() {
        return switch (this) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> true;
            default -> false;
        };
    }

    public static Optional<GgufValueType> find(int id) {
        return id >= 0 && id < BY_ID.length ? Optional.of(BY_ID[id]) : Optional.empty();
    }
}
