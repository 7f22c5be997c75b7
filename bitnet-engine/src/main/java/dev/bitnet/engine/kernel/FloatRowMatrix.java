package dev.bitnet.engine.kernel;

import java.lang.foreign.MemorySegment;

/**
 * {@code FloatRowMatrix} is a row-major matrix of float-valued rows in one of GGUF's float or
 * block formats: the token embedding (one {@link #row} per token) and the tied output head
 * (a {@link #dot} per vocabulary entry).
 *
 * <p>Each implementation has a plain scalar {@link #dotScalar}, the specification, beside the
 * Vector API {@link #dot}. The two sum in different orders, so they agree within float rounding
 * (see the implementations), not bit for bit.
 *
 * @since 0.1
 */
public interface FloatRowMatrix {

    /** @return row count (ne1): vocabulary size for the embedding */
    int rows();

    /** @return elements per row (ne0): hidden size */
    int cols();

    /** @return bytes of matrix data the kernels read, for bandwidth figures */
    long byteSize();

    /** Dequantizes row {@code r} into {@code out[off, off+cols)}. */
    void row(int r, float[] out, int off);

    /** @return {@code Σ_k w[r,k]·x[off+k]}, the fast implementation */
    float dot(int r, float[] x, int off);

    /** @return {@code Σ_k w[r,k]·x[off+k]} summed in element order in float, the specification */
    float dotScalar(int r, float[] x, int off);

    /**
     * {@code out[outOff + r] = dot(r, x, xOff)} for rows {@code [rowFrom, rowTo)}: one thread's share of
     * the output head. Implementations may override to process several rows at once.
     */
    default void matvecRows(float[] x, int xOff, float[] out, int outOff, int rowFrom, int rowTo) {
        for (int r = rowFrom; r < rowTo; r++) {
            out[outOff + r] = dot(r, x, xOff);
        }
    }

    /** Views F32 data (GGML type 0) of {@code rows × cols} little-endian floats. */
    static FloatRowMatrix f32(MemorySegment data, int rows, int cols) {
        return new F32RowMatrix(data, rows, cols);
    }

    /** Views F16 data (GGML type 1) of {@code rows × cols} little-endian IEEE half floats. */
    static FloatRowMatrix f16(MemorySegment data, int rows, int cols) {
        return new F16RowMatrix(data, rows, cols);
    }

    /** Views Q8_0 data (GGML type 8): blocks of 32 elements, an f16 scale then 32 int8 values. */
    static FloatRowMatrix q8_0(MemorySegment data, int rows, int cols) {
        return new Q8_0RowMatrix(data, rows, cols);
    }

    /** Views Q6_K data (GGML type 14): super-blocks of 256 elements in 210 bytes. */
    static FloatRowMatrix q6_K(MemorySegment data, int rows, int cols) {
        return new Q6_KRowMatrix(data, rows, cols);
    }

    /** Checks that a view of {@code rows × cols} elements of {@code bytesPerBlock} per {@code blockElements} fits. */
    static long checkShape(String type, MemorySegment data, int rows, int cols, int blockElements, int bytesPerBlock) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException(type + " matrix must have positive rows and cols but was: " + rows + " x " + cols);
        }
        if (cols % blockElements != 0) {
            throw new IllegalArgumentException(type + " rows must be a multiple of " + blockElements + " elements but cols was: " + cols);
        }
        long needed = (long) rows * (cols / blockElements) * bytesPerBlock;
        if (data.byteSize() < needed) {
            throw new IllegalArgumentException(type + " data of " + data.byteSize() + " bytes is too small for "
                    + rows + " x " + cols + ", expected " + needed + " bytes");
        }
        return needed;
    }

    /** Throws unless {@code r} is a row and {@code x[off, off+cols)} exists. */
    static void checkDot(FloatRowMatrix m, int r, float[] x, int off) {
        if (r < 0 || r >= m.rows()) {
            throw new IllegalArgumentException("row must be within [0, " + m.rows() + ") but was: " + r);
        }
        if (off < 0 || off > x.length - m.cols()) {
            throw new IllegalArgumentException("vector of length " + x.length + " has no " + m.cols() + " elements at offset " + off);
        }
    }
}
