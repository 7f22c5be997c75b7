package dev.bitnet.engine.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * {@code I2sMatrix} encapsulates one I2_S ternary weight tensor as the kernels read it.
 *
 * <p>Layout (bitnet.cpp, {@code ggml-bitnet-mad.cpp}; see DESIGN.md): elements in row-major order,
 * rows of {@code cols} (= ne0 = K) elements; each block of 128 elements is 32 bytes, and byte
 * {@code b} of a block holds the 2-bit codes of elements {@code b} (bits 7:6), {@code b+32} (5:4),
 * {@code b+64} (3:2) and {@code b+96} (1:0). Codes are stored as {@code weight + 1}
 * (−1→0, 0→1, +1→2). In the GGUF tensor the per-tensor f32 scale follows the codes at byte offset
 * {@code rows·cols/4}; {@link #of} reads it from there.
 *
 * <p>Invariants: {@code rows > 0}, {@code cols > 0} and a multiple of {@link #BLOCK_ELEMENTS},
 * {@code packed} holds at least {@code rows·cols/4} bytes, {@code scale} is finite.
 *
 * @param packed the 2-bit codes, at least {@link #codeBytes()} bytes (the scale and padding may follow)
 * @param rows   output count (ne1)
 * @param cols   input count K (ne0), a multiple of 128
 * @param scale  the per-tensor weight scale
 * @since 0.1
 */
public record I2sMatrix(MemorySegment packed, int rows, int cols, float scale) {

    /** Elements per I2_S block. */
    public static final int BLOCK_ELEMENTS = 128;
    /** Bytes per I2_S block: four 2-bit codes per byte. */
    public static final int BLOCK_BYTES = BLOCK_ELEMENTS / 4;
    /** Bytes after the codes in a GGUF I2_S tensor: the f32 scale and 28 bytes of padding. */
    public static final int TRAILER_BYTES = 32;

    static final ValueLayout.OfFloat SCALE_LAYOUT =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    public I2sMatrix {
        if (rows <= 0) {
            throw new IllegalArgumentException("rows must be positive: " + rows);
        }
        checkCols(cols);
        long needed = (long) rows * cols / 4;
        if (packed.byteSize() < needed) {
            throw new IllegalArgumentException("packed segment of " + packed.byteSize() + " bytes is too small for "
                    + rows + " x " + cols + " I2_S codes, expected at least " + needed + " bytes");
        }
        if (!Float.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be finite: " + scale);
        }
    }

    /**
     * Views a GGUF I2_S tensor's data (codes, then the f32 scale at byte offset {@code rows·cols/4}).
     *
     * @param tensorData the tensor's bytes, at least {@code rows·cols/4 + 4}
     * @param rows       ne1
     * @param cols       ne0, a multiple of 128
     * @return the matrix, its {@code packed} segment sliced to the codes
     */
    public static I2sMatrix of(MemorySegment tensorData, int rows, int cols) {
        if (rows <= 0) {
            throw new IllegalArgumentException("rows must be positive: " + rows);
        }
        checkCols(cols);
        long codeBytes = (long) rows * cols / 4;
        if (tensorData.byteSize() < codeBytes + Float.BYTES) {
            throw new IllegalArgumentException("I2_S tensor data of " + tensorData.byteSize() + " bytes is too small for "
                    + rows + " x " + cols + ", expected at least " + (codeBytes + Float.BYTES) + " bytes");
        }
        float scale = tensorData.get(SCALE_LAYOUT, codeBytes);
        return new I2sMatrix(tensorData.asSlice(0, codeBytes), rows, cols, scale);
    }

    /** @return bytes of packed codes the kernels read: {@code rows·cols/4} */
    public long codeBytes() {
        return (long) rows * cols / 4;
    }

    /** @return bytes of codes in one row: {@code cols/4} */
    public int rowBytes() {
        return cols / 4;
    }

    static void checkCols(int cols) {
        if (cols <= 0 || cols % BLOCK_ELEMENTS != 0) {
            throw new IllegalArgumentException(
                    "I2_S kernels need K (cols) to be a positive multiple of " + BLOCK_ELEMENTS + " but was: " + cols);
        }
    }
}
