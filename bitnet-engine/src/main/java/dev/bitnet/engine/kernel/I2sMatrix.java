package dev.bitnet.engine.kernel;

import java.lang.foreign.Arena;
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
 * <p>The bytes may also be in the kernel's {@link I2sLayout#TILED_32} order (see {@link #tiled} and
 * {@link #tileInPlace}): the same bytes, regrouped so that the vector kernel can use table lookups.
 *
 * <p>Invariants: {@code rows > 0}, {@code cols > 0} and a multiple of {@link #BLOCK_ELEMENTS},
 * {@code packed} holds at least {@code rows·cols/4} bytes, {@code scale} is finite, and a tiled
 * matrix has a multiple of {@link #TILE_ROWS} rows.
 *
 * @param packed the 2-bit codes, at least {@link #codeBytes()} bytes (the scale and padding may follow)
 * @param rows   output count (ne1)
 * @param cols   input count K (ne0), a multiple of 128
 * @param scale  the per-tensor weight scale
 * @param layout the byte order of {@code packed}
 * @since 0.1
 */
public record I2sMatrix(MemorySegment packed, int rows, int cols, float scale, I2sLayout layout) {

    /** Rows per tile of the {@link I2sLayout#TILED_32} layout: one per 16-bit lane of a 512-bit vector. */
    public static final int TILE_ROWS = 32;
    /**
     * Byte positions (512 elements) per column chunk of the {@link I2sLayout#TILED_32} layout: the
     * kernel's lookup tables for one chunk (64 bytes per position, 8 KB) stay in the L1 cache while
     * the chunk's weights stream past.
     */
    public static final int CHUNK_BYTES = 128;
    /**
     * Tiles per group of the {@link I2sLayout#TILED_32} layout (256 rows): a group's chunks follow
     * one another, so a kernel that walks a group chunk by chunk reads it as one sequential run.
     */
    public static final int GROUP_TILES = 8;
    /** Rows per group: split a tiled matrix between threads on multiples of this. */
    public static final int GROUP_ROWS = GROUP_TILES * TILE_ROWS;

    /** Elements per I2_S block. */
    public static final int BLOCK_ELEMENTS = 128;
    /** Bytes per I2_S block: four 2-bit codes per byte. */
    public static final int BLOCK_BYTES = BLOCK_ELEMENTS / 4;
    /** Bytes after the codes in a GGUF I2_S tensor: the f32 scale and 28 bytes of padding. */
    public static final int TRAILER_BYTES = 32;

    static final ValueLayout.OfFloat SCALE_LAYOUT =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** A matrix in bitnet.cpp's {@link I2sLayout#ROW_MAJOR} file layout. */
    public I2sMatrix(MemorySegment packed, int rows, int cols, float scale) {
        this(packed, rows, cols, scale, I2sLayout.ROW_MAJOR);
    }

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
        if (layout == I2sLayout.TILED_32 && rows % TILE_ROWS != 0) {
            throw new IllegalArgumentException("a TILED_32 matrix needs a multiple of " + TILE_ROWS + " rows but has: " + rows);
        }
    }

    /** @return whether {@link #tiled} and {@link #tileInPlace} accept this shape (rows a multiple of 32) */
    public boolean canTile() {
        return rows % TILE_ROWS == 0;
    }

    /**
     * Copies the codes into the {@link I2sLayout#TILED_32} layout in memory of {@code arena}
     * ({@link #codeBytes()} bytes), for the faster table-lookup kernels. Time: one pass.
     *
     * @return this matrix if it is already tiled, else the copy
     */
    public I2sMatrix tiled(Arena arena) {
        if (layout == I2sLayout.TILED_32) {
            return this;
        }
        checkTileable();
        MemorySegment out = arena.allocate(codeBytes(), 64);
        tile(packed, out, rows, rowBytes());
        return new I2sMatrix(out, rows, cols, scale, I2sLayout.TILED_32);
    }

    /**
     * Rewrites the codes of a writable segment (weights loaded into memory) into the
     * {@link I2sLayout#TILED_32} layout where they are. A group of {@link #GROUP_ROWS} rows takes
     * the same bytes in both layouts, so the codes pass through a buffer of one group (at most a
     * few hundred KB) and no second copy of the weights exists. Afterwards this (row-major) view
     * must not be used.
     *
     * @return the tiled view of the same memory
     */
    public I2sMatrix tileInPlace() {
        if (layout == I2sLayout.TILED_32) {
            return this;
        }
        checkTileable();
        if (packed.isReadOnly()) {
            throw new IllegalArgumentException("cannot tile a read-only segment in place (a memory-mapped file?); use tiled(arena)");
        }
        tile(packed, packed, rows, rowBytes());
        return new I2sMatrix(packed, rows, cols, scale, I2sLayout.TILED_32);
    }

    private void checkTileable() {
        if (!canTile()) {
            throw new IllegalArgumentException("the TILED_32 layout needs a multiple of " + TILE_ROWS + " rows but the matrix has: " + rows);
        }
    }

    /**
     * Row-major {@code src} to the TILED_32 order in {@code dst}, one group at a time (rows
     * {@code [g·256, (g+1)·256)} occupy the same bytes in both layouts), so {@code src} may be
     * {@code dst}.
     */
    private static void tile(MemorySegment src, MemorySegment dst, int rows, int rowBytes) {
        byte[] in = new byte[Math.min(rows, GROUP_ROWS) * rowBytes];
        byte[] out = new byte[in.length];
        for (int first = 0; first < rows; first += GROUP_ROWS) {
            int groupRows = Math.min(GROUP_ROWS, rows - first);
            int n = groupRows * rowBytes;
            long base = (long) first * rowBytes;
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, base, in, 0, n);
            for (int c = 0; c < rowBytes; c += CHUNK_BYTES) {
                int width = chunkWidth(rowBytes, c);
                for (int t = 0; t < groupRows / TILE_ROWS; t++) {
                    int piece = c * groupRows + t * TILE_ROWS * width;
                    for (int i = 0; i < TILE_ROWS; i++) {
                        int row = (t * TILE_ROWS + i) * rowBytes + c;
                        for (int j = 0; j < width; j++) {
                            out[piece + j * TILE_ROWS + i] = in[row + j];
                        }
                    }
                }
            }
            MemorySegment.copy(out, 0, dst, ValueLayout.JAVA_BYTE, base, n);
        }
    }

    /**
     * Copies rows {@code [firstRow, firstRow + rowCount)} into {@code out} in bitnet.cpp's row-major
     * file layout, whatever this matrix's layout (a tiled matrix needs {@code firstRow} and
     * {@code rowCount} to be multiples of {@link #TILE_ROWS}). Time: one pass over those rows.
     */
    public void copyRowMajor(int firstRow, int rowCount, byte[] out) {
        int rowBytes = rowBytes();
        if (firstRow < 0 || rowCount < 0 || firstRow + rowCount > rows || (long) rowCount * rowBytes > out.length) {
            throw new IllegalArgumentException("rows [" + firstRow + ", " + (firstRow + rowCount) + ") of a " + rows
                    + "-row matrix do not fit the matrix or an output of " + out.length + " bytes");
        }
        if (layout == I2sLayout.ROW_MAJOR) {
            MemorySegment.copy(packed, ValueLayout.JAVA_BYTE, (long) firstRow * rowBytes, out, 0, rowCount * rowBytes);
            return;
        }
        if (firstRow % TILE_ROWS != 0 || rowCount % TILE_ROWS != 0) {
            throw new IllegalArgumentException("a TILED_32 matrix is copied in whole tiles of " + TILE_ROWS
                    + " rows but the range was: [" + firstRow + ", " + (firstRow + rowCount) + ")");
        }
        byte[] piece = new byte[TILE_ROWS * CHUNK_BYTES];
        for (int c = 0; c < rowBytes; c += CHUNK_BYTES) {
            int width = chunkWidth(rowBytes, c);
            for (int t = 0; t < rowCount / TILE_ROWS; t++) {
                MemorySegment.copy(packed, ValueLayout.JAVA_BYTE, pieceOffset(rows, rowBytes, c, width, firstRow / TILE_ROWS + t), piece, 0, TILE_ROWS * width);
                for (int i = 0; i < TILE_ROWS; i++) {
                    int rowStart = (t * TILE_ROWS + i) * rowBytes + c;
                    for (int j = 0; j < width; j++) {
                        out[rowStart + j] = piece[j * TILE_ROWS + i];
                    }
                }
            }
        }
    }

    /** @return the width in byte positions of the chunk that starts at byte position {@code c} */
    static int chunkWidth(int rowBytes, int c) {
        return Math.min(CHUNK_BYTES, rowBytes - c);
    }

    /**
     * @return where tile {@code t}'s piece of the chunk starting at byte position {@code c} (of
     *     {@code width} positions) begins in a TILED_32 matrix of {@code rows} rows: after the
     *     whole groups before it, the chunks of its group before {@code c} ({@code c} bytes of each
     *     of the group's rows), then the pieces of the group's tiles before {@code t}
     */
    static long pieceOffset(int rows, int rowBytes, int c, int width, int t) {
        int group = t / GROUP_TILES;
        int firstTile = group * GROUP_TILES;
        int groupTiles = Math.min(GROUP_TILES, rows / TILE_ROWS - firstTile);
        return (long) firstTile * TILE_ROWS * rowBytes + (long) c * groupTiles * TILE_ROWS + (long) (t - firstTile) * TILE_ROWS * width;
    }

    /**
     * @return the byte holding the codes of row {@code r} at byte position {@code j} of the row
     *     ({@code j / 32} is the block, {@code j % 32} the byte in it), whatever the layout
     */
    public int codeByte(int r, int j) {
        long offset = switch (layout) {
            case ROW_MAJOR -> (long) r * rowBytes() + j;
            case TILED_32 -> {
                int c = j - j % CHUNK_BYTES;
                yield pieceOffset(rows, rowBytes(), c, chunkWidth(rowBytes(), c), r / TILE_ROWS) + (long) (j - c) * TILE_ROWS + r % TILE_ROWS;
            }
        };
        return packed.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
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
