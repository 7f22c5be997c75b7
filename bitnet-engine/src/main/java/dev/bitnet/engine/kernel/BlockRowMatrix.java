package dev.bitnet.engine.kernel;

import java.lang.foreign.MemorySegment;

/**
 * The shape every block-quantized row matrix shares ({@link Q8_0RowMatrix}, {@link Q6_KRowMatrix}):
 * {@code rows} rows of {@code cols / blockElements} blocks of {@code blockBytes} bytes each, checked
 * against the data once by {@link FloatRowMatrix#checkShape}.
 */
abstract class BlockRowMatrix implements FloatRowMatrix {
    final MemorySegment data;
    final int rows;
    final int cols;
    final long byteSize;
    /** Bytes of one row: {@code cols / blockElements} blocks. */
    final long rowBytes;

    BlockRowMatrix(String type, MemorySegment data, int rows, int cols, int blockElements, int blockBytes) {
        this.byteSize = FloatRowMatrix.checkShape(type, data, rows, cols, blockElements, blockBytes);
        this.data = data;
        this.rows = rows;
        this.cols = cols;
        this.rowBytes = (long) cols / blockElements * blockBytes;
    }

    @Override public final int rows() { return rows; }
    @Override public final int cols() { return cols; }
    @Override public final long byteSize() { return byteSize; }
}
