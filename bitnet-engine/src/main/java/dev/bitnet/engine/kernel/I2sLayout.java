package dev.bitnet.engine.kernel;

/**
 * Byte order of an {@link I2sMatrix}'s 2-bit codes.
 *
 * @since 0.1
 */
public enum I2sLayout {
    /**
     * bitnet.cpp's file layout: rows one after another, each {@code K/4} bytes of 32-byte blocks
     * (byte {@code b} of a block: elements {@code b, b+32, b+64, b+96} in bits 7:6, 5:4, 3:2, 1:0).
     */
    ROW_MAJOR,
    /**
     * The kernel's layout: the same bytes in tiles of 32 rows, groups of
     * {@link I2sMatrix#GROUP_TILES} tiles and column chunks of {@link I2sMatrix#CHUNK_BYTES} byte
     * positions. Group after group; inside a group, chunk after chunk (positions {@code [0, 128)},
     * {@code [128, 256)}, ..., the last one possibly narrower); inside a chunk, each tile's piece in
     * row order; inside a piece of width {@code w}, byte position {@code j} of the 32 rows comes
     * together ({@code j·32 + row % 32}). A 32-byte load then holds one byte of each of 32 rows,
     * which the vector kernel turns into table indices: a lane per output row, a table per
     * activation pair. Walking a group chunk by chunk reads it sequentially while the tables of one
     * chunk (8 KB per activation vector) stay in the L1 cache: with tables for whole rows (up to
     * 110 KB on 2B4T) read from L2 beside the weights, the kernel read weights from DRAM at under
     * half the rate.
     */
    TILED_32
}
