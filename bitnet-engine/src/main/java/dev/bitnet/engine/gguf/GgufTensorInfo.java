package dev.bitnet.engine.gguf;

import java.util.Arrays;
import java.util.Objects;

/**
 * {@code GgufTensorInfo} describes one tensor of a GGUF file ({@code gguf_tensor_info_t} in
 * {@code docs/gguf.md}): name, type, shape in ggml order ({@code ne[0]} is the contiguous
 * dimension, e.g. the input width K of a weight matrix) and where its bytes are.
 *
 * <p>Invariants: the name is non-blank, 1 to 4 dimensions, each zero or more, the offset is zero or
 * more, and {@code byteSize == type.byteSize(elements())}. The shape array is copied on the way in
 * and out.
 *
 * @param name tensor name, e.g. {@code blk.0.attn_q.weight}
 * @param type ggml type
 * @param ne shape in ggml order, {@code ne[0]} first
 * @param offset byte offset of the tensor's data relative to the start of the file's data section
 * @param byteSize bytes of tensor data (I2_S: {@code n/4 + 32})
 */
public record GgufTensorInfo(String name, GgmlType type, long[] ne, long offset, long byteSize) {

    /** Most dimensions a ggml tensor has ({@code GGML_MAX_DIMS}). */
    public static final int MAX_DIMS = 4;

    public GgufTensorInfo {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(type, "type must not be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("tensor name must not be blank");
        }
        if (ne.length < 1 || ne.length > MAX_DIMS) {
            throw new IllegalArgumentException("tensor '" + name + "' must have 1 to " + MAX_DIMS
                    + " dimensions but has " + ne.length);
        }
        ne = ne.clone();
        long expectedBytes = type.byteSize(elementCount(name, ne));
        if (offset < 0) {
            throw new IllegalArgumentException("tensor '" + name + "' offset must not be negative: " + offset);
        }
        if (byteSize != expectedBytes) {
            throw new IllegalArgumentException("tensor '" + name + "' has byte size " + byteSize
                    + ", expected " + expectedBytes);
        }
    }

    /** Builds the info of a tensor whose byte size follows from its type and shape. */
    public static GgufTensorInfo of(String name, GgmlType type, long[] ne, long offset) {
        return new GgufTensorInfo(name, type, ne, offset, type.byteSize(elementCount(name, ne)));
    }

    @Override
    public long[] ne() {
        return ne.clone();
    }

    /** @return the size of dimension {@code i}, 1 for dimensions beyond the tensor's rank */
    public long ne(int i) {
        return i < ne.length ? ne[i] : 1;
    }

    /** @return the number of dimensions */
    public int dims() {
        return ne.length;
    }

    /** @return the number of elements, the product of the dimensions */
    public long elements() {
        return elementCount(name, ne);
    }

    static long elementCount(String name, long[] ne) {
        long n = 1;
        for (long d : ne) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor '" + name + "' has a negative dimension: "
                        + Arrays.toString(ne));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufTensorInfo t && name.equals(t.name) && type == t.type
                && Arrays.equals(ne, t.ne) && offset == t.offset && byteSize == t.byteSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, Arrays.hashCode(ne), offset, byteSize);
    }

    @Override
    public String toString() {
        return "GgufTensorInfo[" + name + ", " + type + ", ne=" + Arrays.toString(ne) + ", offset=" + offset
                + ", bytes=" + byteSize + "]";
    }
}
