package dev.bitnet.engine.kernel;

import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.S2I;
import static jdk.incubator.vector.VectorOperators.ZERO_EXTEND_B2S;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code VectorTernaryKernel} is the Vector API implementation of {@link TernaryKernel}, equal to
 * {@link ScalarTernaryKernel} bit for bit.
 *
 * <p>Technique (measured in KERNEL-NOTES.md): each block's bytes {@code v} are zero-extended to
 * 16-bit lanes in one step ({@code vpmovzxbw}); with {@code z_j = v >>> 2j} the 2-bit code at shift
 * {@code 2j} is {@code z_j − 4·z_{j+1}}, so {@code Σ_j code_j·q_j = Σ_j z_j·t_j} with the
 * telescoped activations {@code t_j = q_j − 4·q_{j−1}} that {@link QuantizedVector} precomputes
 * once per token. A block then costs three shifts, four 16-bit multiplies and four adds, and no
 * masks.
 *
 * <p>Exactness: 16-bit lanes wrap modulo 2^16, so a lane's sum is exact as long as its true value
 * stays within the short range. One block adds at most {@code 4·3·128 = 1536} in magnitude to a
 * lane (even for the never-written code 3), so the lanes are widened to int every
 * {@value #WIDEN_BLOCKS} blocks (at most 24576), before they could wrap.
 *
 * <p>{@link #matmulRows} loads and unpacks each weight block once for up to four activation
 * vectors, and walks rows in tiles so that a tile of weights stays in cache for the whole batch.
 *
 * <p><strong>Tiled layout</strong> ({@link I2sLayout#TILED_32}, 512-bit vectors): a 32-byte load
 * holds byte {@code j} of 32 rows, one per 16-bit lane. Each nibble of such a byte holds two codes
 * and indexes a 16-entry table of {@code c1·q[e] + c2·q[e+32]} that {@link QuantizedVector}
 * precomputes per token, so one in-register lookup ({@code vpermw}) and one add do 32 rows × 2
 * elements: about half the instructions of the telescoped form, and the table lookups are shared
 * by all rows. Exactness: an entry is at most {@code 2·3·128 = 768} in magnitude, a byte position
 * adds two, so the 16-bit lanes are widened every {@value #WIDEN_BYTES} byte positions (at most
 * 24576). The kernels walk the layout chunk by chunk, keeping each row's running int sum in a
 * per-thread array, so the tables of one chunk (8 KB per activation vector) stay in L1: measured
 * on the 2B4T shapes with weights from DRAM, one thread, this read 22–24 GB/s of weights where
 * walking each tile's whole row (tables from L2) read 8.5–10.
 *
 * @since 0.1
 */
public final class VectorTernaryKernel implements TernaryKernel {

    /** The shared instance; the kernel has no state. */
    public static final VectorTernaryKernel INSTANCE = new VectorTernaryKernel();

    /** Blocks accumulated in 16-bit lanes before widening: 16·1536 = 24576 &lt; 32768. */
    static final int WIDEN_BLOCKS = 16;
    /** Byte positions accumulated in 16-bit lanes before widening (tiled layout): 16·1536 = 24576 &lt; 32768. */
    static final int WIDEN_BYTES = 16;
    /** Rows whose weights are reused for the whole batch before moving on (matmul). */
    static final int ROW_TILE = 16;

    /** 16-bit lanes: 512 bits where the CPU has them (32 lanes, one block per step). */
    static final VectorSpecies<Short> S = ShortVector.SPECIES_PREFERRED.length() > 32
            ? ShortVector.SPECIES_512 : ShortVector.SPECIES_PREFERRED;
    /** One byte per short lane: 256-bit weight loads for 512-bit shorts (KERNEL-NOTES: 512-bit loads stream slower). */
    static final VectorSpecies<Byte> B = ByteVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(S.vectorBitSize() / 2));
    /** Int lanes of the same width as S, half as many. */
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED.withShape(S.vectorShape());
    static final int SL = S.length();

    static final VectorSpecies<Short> S32 = ShortVector.SPECIES_512;
    static final VectorSpecies<Byte> B32 = ByteVector.SPECIES_256;
    static final VectorSpecies<Integer> I16 = IntVector.SPECIES_512;

    private VectorTernaryKernel() {}

    /**
     * @return whether this CPU runs the {@link I2sLayout#TILED_32} kernel in hardware (512-bit
     *     vectors); elsewhere the Vector API would emulate it slowly, so keep the row-major layout
     */
    public static boolean prefersTiled() {
        return ShortVector.SPECIES_PREFERRED.length() >= 32;
    }

    // ---------------------------------------------------------------- decode: one vector

    @Override
    public void prepare(QuantizedVector x, I2sLayout layout) {
        x.prepare(layout);
    }

    @Override
    public void matvecRows(I2sMatrix w, QuantizedVector x, float[] out, int outOff, int rowFrom, int rowTo) {
        assert 0 <= rowFrom && rowFrom <= rowTo && rowTo <= w.rows() : rowFrom + ".." + rowTo;
        assert x.length() == w.cols();
        if (w.layout() == I2sLayout.TILED_32) {
            matvecTiles(w, x, out, outOff, rowFrom, rowTo);
            return;
        }
        MemorySegment packed = w.packed();
        int rowBytes = w.rowBytes();
        int blocks = w.cols() / I2sMatrix.BLOCK_ELEMENTS;
        short[] t = x.telescoped();
        float scale = w.scale();
        for (int r = rowFrom; r < rowTo; r++) {
            int dot = codeDotQ(packed, (long) r * rowBytes, blocks, t);
            out[outOff + r] = TernaryKernel.finish(dot, x, scale);
        }
    }

    /** Σ code·q over one row: see the class comment. */
    static int codeDotQ(MemorySegment packed, long rowOffset, int blocks, short[] t) {
        IntVector total = IntVector.zero(I);
        for (int chunk = 0; chunk < blocks; chunk += WIDEN_BLOCKS) {
            int chunkEnd = Math.min(blocks, chunk + WIDEN_BLOCKS);
            ShortVector acc = ShortVector.zero(S);
            for (int blk = chunk; blk < chunkEnd; blk++) {
                long off = rowOffset + (long) blk * I2sMatrix.BLOCK_BYTES;
                int tb = blk * I2sMatrix.BLOCK_ELEMENTS;
                for (int p = 0; p < I2sMatrix.BLOCK_BYTES; p += SL) {
                    ShortVector z0 = (ShortVector) ByteVector.fromMemorySegment(B, packed, off + p, ByteOrder.LITTLE_ENDIAN)
                            .convertShape(ZERO_EXTEND_B2S, S, 0);
                    ShortVector z1 = z0.lanewise(LSHR, 2);
                    ShortVector z2 = z0.lanewise(LSHR, 4);
                    ShortVector z3 = z0.lanewise(LSHR, 6);
                    // Summed as a tree so that the accumulator's dependency chain is one add per block.
                    ShortVector p01 = z0.mul(ShortVector.fromArray(S, t, tb + p)).add(z1.mul(ShortVector.fromArray(S, t, tb + 32 + p)));
                    ShortVector p23 = z2.mul(ShortVector.fromArray(S, t, tb + 64 + p)).add(z3.mul(ShortVector.fromArray(S, t, tb + 96 + p)));
                    acc = acc.add(p01.add(p23));
                }
            }
            total = total.add(widen(acc, 0)).add(widen(acc, 1));
        }
        return total.reduceLanes(ADD);
    }

    private static IntVector widen(ShortVector acc, int part) {
        return (IntVector) acc.convertShape(S2I, I, part);
    }

    // ---------------------------------------------------------------- prefill / batch

    @Override
    public void matmulRows(I2sMatrix w, QuantizedVector[] xs, int count, float[][] outs, int rowFrom, int rowTo) {
        assert 0 <= rowFrom && rowFrom <= rowTo && rowTo <= w.rows() : rowFrom + ".." + rowTo;
        if (w.layout() == I2sLayout.TILED_32) {
            matmulTiles(w, xs, count, outs, rowFrom, rowTo);
            return;
        }
        MemorySegment packed = w.packed();
        int rowBytes = w.rowBytes();
        int blocks = w.cols() / I2sMatrix.BLOCK_ELEMENTS;
        float scale = w.scale();
        int[] dots = new int[4];
        for (int tile = rowFrom; tile < rowTo; tile += ROW_TILE) {
            int tileEnd = Math.min(rowTo, tile + ROW_TILE);
            int b = 0;
            for (; b + 4 <= count; b += 4) {
                QuantizedVector x0 = xs[b], x1 = xs[b + 1], x2 = xs[b + 2], x3 = xs[b + 3];
                for (int r = tile; r < tileEnd; r++) {
                    codeDotQ4(packed, (long) r * rowBytes, blocks,
                            x0.telescoped(), x1.telescoped(), x2.telescoped(), x3.telescoped(), dots);
                    outs[b][r] = TernaryKernel.finish(dots[0], x0, scale);
                    outs[b + 1][r] = TernaryKernel.finish(dots[1], x1, scale);
                    outs[b + 2][r] = TernaryKernel.finish(dots[2], x2, scale);
                    outs[b + 3][r] = TernaryKernel.finish(dots[3], x3, scale);
                }
            }
            for (; b + 2 <= count; b += 2) {
                QuantizedVector x0 = xs[b], x1 = xs[b + 1];
                for (int r = tile; r < tileEnd; r++) {
                    codeDotQ2(packed, (long) r * rowBytes, blocks, x0.telescoped(), x1.telescoped(), dots);
                    outs[b][r] = TernaryKernel.finish(dots[0], x0, scale);
                    outs[b + 1][r] = TernaryKernel.finish(dots[1], x1, scale);
                }
            }
            for (; b < count; b++) {
                QuantizedVector x0 = xs[b];
                short[] t0 = x0.telescoped();
                for (int r = tile; r < tileEnd; r++) {
                    outs[b][r] = TernaryKernel.finish(codeDotQ(packed, (long) r * rowBytes, blocks, t0), x0, scale);
                }
            }
        }
    }

    /** {@link #codeDotQ} for four activation vectors sharing each unpacked weight block. */
    static void codeDotQ4(MemorySegment packed, long rowOffset, int blocks,
            short[] t0, short[] t1, short[] t2, short[] t3, int[] dots) {
        IntVector total0 = IntVector.zero(I), total1 = IntVector.zero(I), total2 = IntVector.zero(I), total3 = IntVector.zero(I);
        for (int chunk = 0; chunk < blocks; chunk += WIDEN_BLOCKS) {
            int chunkEnd = Math.min(blocks, chunk + WIDEN_BLOCKS);
            ShortVector acc0 = ShortVector.zero(S), acc1 = ShortVector.zero(S), acc2 = ShortVector.zero(S), acc3 = ShortVector.zero(S);
            for (int blk = chunk; blk < chunkEnd; blk++) {
                long off = rowOffset + (long) blk * I2sMatrix.BLOCK_BYTES;
                int tb = blk * I2sMatrix.BLOCK_ELEMENTS;
                for (int p = 0; p < I2sMatrix.BLOCK_BYTES; p += SL) {
                    ShortVector z0 = (ShortVector) ByteVector.fromMemorySegment(B, packed, off + p, ByteOrder.LITTLE_ENDIAN)
                            .convertShape(ZERO_EXTEND_B2S, S, 0);
                    ShortVector z1 = z0.lanewise(LSHR, 2);
                    ShortVector z2 = z0.lanewise(LSHR, 4);
                    ShortVector z3 = z0.lanewise(LSHR, 6);
                    int i0 = tb + p, i1 = tb + 32 + p, i2 = tb + 64 + p, i3 = tb + 96 + p;
                    acc0 = acc0.add(z0.mul(ShortVector.fromArray(S, t0, i0)).add(z1.mul(ShortVector.fromArray(S, t0, i1)))
                            .add(z2.mul(ShortVector.fromArray(S, t0, i2)).add(z3.mul(ShortVector.fromArray(S, t0, i3)))));
                    acc1 = acc1.add(z0.mul(ShortVector.fromArray(S, t1, i0)).add(z1.mul(ShortVector.fromArray(S, t1, i1)))
                            .add(z2.mul(ShortVector.fromArray(S, t1, i2)).add(z3.mul(ShortVector.fromArray(S, t1, i3)))));
                    acc2 = acc2.add(z0.mul(ShortVector.fromArray(S, t2, i0)).add(z1.mul(ShortVector.fromArray(S, t2, i1)))
                            .add(z2.mul(ShortVector.fromArray(S, t2, i2)).add(z3.mul(ShortVector.fromArray(S, t2, i3)))));
                    acc3 = acc3.add(z0.mul(ShortVector.fromArray(S, t3, i0)).add(z1.mul(ShortVector.fromArray(S, t3, i1)))
                            .add(z2.mul(ShortVector.fromArray(S, t3, i2)).add(z3.mul(ShortVector.fromArray(S, t3, i3)))));
                }
            }
            total0 = total0.add(widen(acc0, 0)).add(widen(acc0, 1));
            total1 = total1.add(widen(acc1, 0)).add(widen(acc1, 1));
            total2 = total2.add(widen(acc2, 0)).add(widen(acc2, 1));
            total3 = total3.add(widen(acc3, 0)).add(widen(acc3, 1));
        }
        dots[0] = total0.reduceLanes(ADD);
        dots[1] = total1.reduceLanes(ADD);
        dots[2] = total2.reduceLanes(ADD);
        dots[3] = total3.reduceLanes(ADD);
    }

    /** {@link #codeDotQ} for two activation vectors sharing each unpacked weight block. */
    static void codeDotQ2(MemorySegment packed, long rowOffset, int blocks, short[] t0, short[] t1, int[] dots) {
        IntVector total0 = IntVector.zero(I), total1 = IntVector.zero(I);
        for (int chunk = 0; chunk < blocks; chunk += WIDEN_BLOCKS) {
            int chunkEnd = Math.min(blocks, chunk + WIDEN_BLOCKS);
            ShortVector acc0 = ShortVector.zero(S), acc1 = ShortVector.zero(S);
            for (int blk = chunk; blk < chunkEnd; blk++) {
                long off = rowOffset + (long) blk * I2sMatrix.BLOCK_BYTES;
                int tb = blk * I2sMatrix.BLOCK_ELEMENTS;
                for (int p = 0; p < I2sMatrix.BLOCK_BYTES; p += SL) {
                    ShortVector z0 = (ShortVector) ByteVector.fromMemorySegment(B, packed, off + p, ByteOrder.LITTLE_ENDIAN)
                            .convertShape(ZERO_EXTEND_B2S, S, 0);
                    ShortVector z1 = z0.lanewise(LSHR, 2);
                    ShortVector z2 = z0.lanewise(LSHR, 4);
                    ShortVector z3 = z0.lanewise(LSHR, 6);
                    int i0 = tb + p, i1 = tb + 32 + p, i2 = tb + 64 + p, i3 = tb + 96 + p;
                    acc0 = acc0.add(z0.mul(ShortVector.fromArray(S, t0, i0)).add(z1.mul(ShortVector.fromArray(S, t0, i1)))
                            .add(z2.mul(ShortVector.fromArray(S, t0, i2)).add(z3.mul(ShortVector.fromArray(S, t0, i3)))));
                    acc1 = acc1.add(z0.mul(ShortVector.fromArray(S, t1, i0)).add(z1.mul(ShortVector.fromArray(S, t1, i1)))
                            .add(z2.mul(ShortVector.fromArray(S, t1, i2)).add(z3.mul(ShortVector.fromArray(S, t1, i3)))));
                }
            }
            total0 = total0.add(widen(acc0, 0)).add(widen(acc0, 1));
            total1 = total1.add(widen(acc1, 0)).add(widen(acc1, 1));
        }
        dots[0] = total0.reduceLanes(ADD);
        dots[1] = total1.reduceLanes(ADD);
    }

    // ---------------------------------------------------------------- tiled layout: table lookups

    /** Per-thread integer accumulators of the tiled kernels, grown as needed. */
    private static final ThreadLocal<int[][]> ACCUMULATORS = ThreadLocal.withInitial(() -> new int[][] {new int[0]});

    /** @return a zeroed scratch array of at least {@code n} ints, owned by the calling thread */
    private static int[] accumulators(int n) {
        int[][] holder = ACCUMULATORS.get();
        if (holder[0].length < n) {
            holder[0] = new int[n];
        } else {
            Arrays.fill(holder[0], 0, n, 0);
        }
        return holder[0];
    }

    /** @return the end of the layout group that tile {@code t} is in, at most {@code endTile} */
    private static int groupEnd(int t, int endTile) {
        return Math.min(endTile, (t / I2sMatrix.GROUP_TILES + 1) * I2sMatrix.GROUP_TILES);
    }

    private static void matvecTiles(I2sMatrix w, QuantizedVector x, float[] out, int outOff, int rowFrom, int rowTo) {
        int firstTile = rowFrom / I2sMatrix.TILE_ROWS;
        int endTile = (rowTo + I2sMatrix.TILE_ROWS - 1) / I2sMatrix.TILE_ROWS;
        int span = (endTile - firstTile) * I2sMatrix.TILE_ROWS;
        int[] acc = accumulators(span);
        MemorySegment tables = x.nibbleTables();
        MemorySegment packed = w.packed();
        int rowBytes = w.rowBytes();
        for (int block = firstTile; block < endTile; block = groupEnd(block, endTile)) {
            int blockEnd = groupEnd(block, endTile);
            for (int c = 0; c < rowBytes; c += I2sMatrix.CHUNK_BYTES) {
                int width = I2sMatrix.chunkWidth(rowBytes, c);
                for (int t = block; t < blockEnd; t++) {
                    tileDotQ(packed, I2sMatrix.pieceOffset(w.rows(), rowBytes, c, width, t), width, tables, c * 32,
                            acc, (t - firstTile) * I2sMatrix.TILE_ROWS);
                }
            }
        }
        int first = firstTile * I2sMatrix.TILE_ROWS;
        float scale = w.scale();
        for (int r = rowFrom; r < rowTo; r++) {
            out[outOff + r] = TernaryKernel.finish(acc[r - first], x, scale);
        }
    }

    /**
     * Adds Σ code·q over one tile's piece of a chunk ({@code width} byte positions at
     * {@code pieceOffset}, tables from {@code tableOff}) to {@code acc[a .. a+32)}: lane i of the
     * accumulators is row i of the tile.
     */
    static void tileDotQ(MemorySegment packed, long pieceOffset, int width, MemorySegment tables, int tableOff, int[] acc, int a) {
        IntVector low = IntVector.fromArray(I16, acc, a), high = IntVector.fromArray(I16, acc, a + 16);
        for (int chunk = 0; chunk < width; chunk += WIDEN_BYTES) {
            ShortVector sum = ShortVector.zero(S32);
            for (int j = chunk; j < chunk + WIDEN_BYTES; j++) {
                ShortVector v = (ShortVector) ByteVector.fromMemorySegment(B32, packed, pieceOffset + (long) j * I2sMatrix.TILE_ROWS, ByteOrder.LITTLE_ENDIAN)
                        .convertShape(ZERO_EXTEND_B2S, S32, 0);
                ShortVector table = table(tables, tableOff + j * 32);
                ShortVector highNibble = v.lanewise(LSHR, 4);
                ShortVector lowNibble = v.and((short) 15).or((short) 16);
                sum = sum.add(highNibble.selectFrom(table).add(lowNibble.selectFrom(table)));
            }
            low = low.add((IntVector) sum.convertShape(S2I, I16, 0));
            high = high.add((IntVector) sum.convertShape(S2I, I16, 1));
        }
        low.intoArray(acc, a);
        high.intoArray(acc, a + 16);
    }

    /**
     * Activation vectors in groups of eight (then four, then one) share each loaded weight vector;
     * within a chunk the group's tables (8 × 8 KB) stay in L1 or L2 while the layout group's
     * pieces (8 × 4 KB) come from L1 or L2. The lookups ({@code vpermw}) and the byte-to-short
     * widening share one shuffle port: eight vectors spend 17 shuffles per loaded weight vector
     * where one spends 3. (Four vectors per pass measured slower per vector than one: C2 unrolls
     * that loop into register spills; eight it leaves alone.)
     */
    private static void matmulTiles(I2sMatrix w, QuantizedVector[] xs, int count, float[][] outs, int rowFrom, int rowTo) {
        int firstTile = rowFrom / I2sMatrix.TILE_ROWS;
        int endTile = (rowTo + I2sMatrix.TILE_ROWS - 1) / I2sMatrix.TILE_ROWS;
        int span = (endTile - firstTile) * I2sMatrix.TILE_ROWS;
        int[] acc = accumulators(count * span);
        MemorySegment packed = w.packed();
        int rowBytes = w.rowBytes();
        for (int block = firstTile; block < endTile; block = groupEnd(block, endTile)) {
            int blockEnd = groupEnd(block, endTile);
            for (int c = 0; c < rowBytes; c += I2sMatrix.CHUNK_BYTES) {
                int width = I2sMatrix.chunkWidth(rowBytes, c);
                int b = 0;
                for (; b + 8 <= count; b += 8) {
                    for (int t = block; t < blockEnd; t++) {
                        tileDotQ8(packed, I2sMatrix.pieceOffset(w.rows(), rowBytes, c, width, t), width, xs, b, c * 32,
                                acc, b * span + (t - firstTile) * I2sMatrix.TILE_ROWS, span);
                    }
                }
                for (; b + 4 <= count; b += 4) {
                    MemorySegment t0 = xs[b].nibbleTables(), t1 = xs[b + 1].nibbleTables(), t2 = xs[b + 2].nibbleTables(), t3 = xs[b + 3].nibbleTables();
                    for (int t = block; t < blockEnd; t++) {
                        tileDotQ4(packed, I2sMatrix.pieceOffset(w.rows(), rowBytes, c, width, t), width, t0, t1, t2, t3, c * 32,
                                acc, b * span + (t - firstTile) * I2sMatrix.TILE_ROWS, span);
                    }
                }
                for (; b < count; b++) {
                    MemorySegment tables = xs[b].nibbleTables();
                    for (int t = block; t < blockEnd; t++) {
                        tileDotQ(packed, I2sMatrix.pieceOffset(w.rows(), rowBytes, c, width, t), width, tables, c * 32,
                                acc, b * span + (t - firstTile) * I2sMatrix.TILE_ROWS);
                    }
                }
            }
        }
        int first = firstTile * I2sMatrix.TILE_ROWS;
        float scale = w.scale();
        for (int b = 0; b < count; b++) {
            QuantizedVector x = xs[b];
            float[] out = outs[b];
            for (int r = rowFrom; r < rowTo; r++) {
                out[r] = TernaryKernel.finish(acc[b * span + r - first], x, scale);
            }
        }
    }

    /**
     * {@link #tileDotQ} for the eight activation vectors {@code xs[b .. b+8)} sharing each loaded
     * weight vector; vector v adds at {@code a + v·stride}. The int sums stay in registers (16 of
     * the 32), starting from zero, and are added to {@code acc} at the end, written out here: with
     * that tail in a helper method (not inlined in a method this large, so its vector arguments
     * were boxed) or with the sums widened into {@code acc} after every 16 byte positions, the
     * kernel measured 30 instead of 48 GB/s per vector in cache.
     */
    static void tileDotQ8(MemorySegment packed, long pieceOffset, int width, QuantizedVector[] xs, int b,
            int tableOff, int[] acc, int a, int stride) {
        MemorySegment t0 = xs[b].nibbleTables(), t1 = xs[b + 1].nibbleTables(), t2 = xs[b + 2].nibbleTables(), t3 = xs[b + 3].nibbleTables();
        MemorySegment t4 = xs[b + 4].nibbleTables(), t5 = xs[b + 5].nibbleTables(), t6 = xs[b + 6].nibbleTables(), t7 = xs[b + 7].nibbleTables();
        IntVector r0 = IntVector.zero(I16), r1 = r0, r2 = r0, r3 = r0, r4 = r0, r5 = r0, r6 = r0, r7 = r0;
        IntVector h0 = r0, h1 = r0, h2 = r0, h3 = r0, h4 = r0, h5 = r0, h6 = r0, h7 = r0;
        for (int chunk = 0; chunk < width; chunk += WIDEN_BYTES) {
            ShortVector s0 = ShortVector.zero(S32), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
            for (int j = chunk; j < chunk + WIDEN_BYTES; j++) {
                ShortVector v = (ShortVector) ByteVector.fromMemorySegment(B32, packed, pieceOffset + (long) j * I2sMatrix.TILE_ROWS, ByteOrder.LITTLE_ENDIAN)
                        .convertShape(ZERO_EXTEND_B2S, S32, 0);
                ShortVector highNibble = v.lanewise(LSHR, 4);
                ShortVector lowNibble = v.and((short) 15).or((short) 16);
                int ti = tableOff + j * 32;
                s0 = lookUp(s0, highNibble, lowNibble, t0, ti);
                s1 = lookUp(s1, highNibble, lowNibble, t1, ti);
                s2 = lookUp(s2, highNibble, lowNibble, t2, ti);
                s3 = lookUp(s3, highNibble, lowNibble, t3, ti);
                s4 = lookUp(s4, highNibble, lowNibble, t4, ti);
                s5 = lookUp(s5, highNibble, lowNibble, t5, ti);
                s6 = lookUp(s6, highNibble, lowNibble, t6, ti);
                s7 = lookUp(s7, highNibble, lowNibble, t7, ti);
            }
            r0 = r0.add((IntVector) s0.convertShape(S2I, I16, 0)); h0 = h0.add((IntVector) s0.convertShape(S2I, I16, 1));
            r1 = r1.add((IntVector) s1.convertShape(S2I, I16, 0)); h1 = h1.add((IntVector) s1.convertShape(S2I, I16, 1));
            r2 = r2.add((IntVector) s2.convertShape(S2I, I16, 0)); h2 = h2.add((IntVector) s2.convertShape(S2I, I16, 1));
            r3 = r3.add((IntVector) s3.convertShape(S2I, I16, 0)); h3 = h3.add((IntVector) s3.convertShape(S2I, I16, 1));
            r4 = r4.add((IntVector) s4.convertShape(S2I, I16, 0)); h4 = h4.add((IntVector) s4.convertShape(S2I, I16, 1));
            r5 = r5.add((IntVector) s5.convertShape(S2I, I16, 0)); h5 = h5.add((IntVector) s5.convertShape(S2I, I16, 1));
            r6 = r6.add((IntVector) s6.convertShape(S2I, I16, 0)); h6 = h6.add((IntVector) s6.convertShape(S2I, I16, 1));
            r7 = r7.add((IntVector) s7.convertShape(S2I, I16, 0)); h7 = h7.add((IntVector) s7.convertShape(S2I, I16, 1));
        }
        int a0 = a;
        IntVector.fromArray(I16, acc, a0).add(r0).intoArray(acc, a0);
        IntVector.fromArray(I16, acc, a0 + 16).add(h0).intoArray(acc, a0 + 16);
        int a1 = a + stride;
        IntVector.fromArray(I16, acc, a1).add(r1).intoArray(acc, a1);
        IntVector.fromArray(I16, acc, a1 + 16).add(h1).intoArray(acc, a1 + 16);
        int a2 = a + 2 * stride;
        IntVector.fromArray(I16, acc, a2).add(r2).intoArray(acc, a2);
        IntVector.fromArray(I16, acc, a2 + 16).add(h2).intoArray(acc, a2 + 16);
        int a3 = a + 3 * stride;
        IntVector.fromArray(I16, acc, a3).add(r3).intoArray(acc, a3);
        IntVector.fromArray(I16, acc, a3 + 16).add(h3).intoArray(acc, a3 + 16);
        int a4 = a + 4 * stride;
        IntVector.fromArray(I16, acc, a4).add(r4).intoArray(acc, a4);
        IntVector.fromArray(I16, acc, a4 + 16).add(h4).intoArray(acc, a4 + 16);
        int a5 = a + 5 * stride;
        IntVector.fromArray(I16, acc, a5).add(r5).intoArray(acc, a5);
        IntVector.fromArray(I16, acc, a5 + 16).add(h5).intoArray(acc, a5 + 16);
        int a6 = a + 6 * stride;
        IntVector.fromArray(I16, acc, a6).add(r6).intoArray(acc, a6);
        IntVector.fromArray(I16, acc, a6 + 16).add(h6).intoArray(acc, a6 + 16);
        int a7 = a + 7 * stride;
        IntVector.fromArray(I16, acc, a7).add(r7).intoArray(acc, a7);
        IntVector.fromArray(I16, acc, a7 + 16).add(h7).intoArray(acc, a7 + 16);
    }

    /** @return the 32 table entries from entry {@code entry} on */
    private static ShortVector table(MemorySegment tables, int entry) {
        return ShortVector.fromMemorySegment(S32, tables, (long) entry * Short.BYTES, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return {@code sum} plus the table entries that both nibbles select */
    private static ShortVector lookUp(ShortVector sum, ShortVector highNibble, ShortVector lowNibble, MemorySegment tables, int ti) {
        ShortVector table = table(tables, ti);
        return sum.add(highNibble.selectFrom(table).add(lowNibble.selectFrom(table)));
    }

    /** {@link #tileDotQ} for four activation vectors sharing each loaded weight vector; vector v adds at {@code a + v·stride}. */
    static void tileDotQ4(MemorySegment packed, long pieceOffset, int width,
            MemorySegment t0, MemorySegment t1, MemorySegment t2, MemorySegment t3, int tableOff, int[] acc, int a, int stride) {
        int a1 = a + stride, a2 = a + 2 * stride, a3 = a + 3 * stride;
        IntVector l0 = IntVector.fromArray(I16, acc, a), h0 = IntVector.fromArray(I16, acc, a + 16);
        IntVector l1 = IntVector.fromArray(I16, acc, a1), h1 = IntVector.fromArray(I16, acc, a1 + 16);
        IntVector l2 = IntVector.fromArray(I16, acc, a2), h2 = IntVector.fromArray(I16, acc, a2 + 16);
        IntVector l3 = IntVector.fromArray(I16, acc, a3), h3 = IntVector.fromArray(I16, acc, a3 + 16);
        for (int chunk = 0; chunk < width; chunk += WIDEN_BYTES) {
            ShortVector s0 = ShortVector.zero(S32), s1 = ShortVector.zero(S32), s2 = ShortVector.zero(S32), s3 = ShortVector.zero(S32);
            for (int j = chunk; j < chunk + WIDEN_BYTES; j++) {
                ShortVector v = (ShortVector) ByteVector.fromMemorySegment(B32, packed, pieceOffset + (long) j * I2sMatrix.TILE_ROWS, ByteOrder.LITTLE_ENDIAN)
                        .convertShape(ZERO_EXTEND_B2S, S32, 0);
                ShortVector highNibble = v.lanewise(LSHR, 4);
                ShortVector lowNibble = v.and((short) 15).or((short) 16);
                int ti = tableOff + j * 32;
                ShortVector tab0 = table(t0, ti);
                s0 = s0.add(highNibble.selectFrom(tab0).add(lowNibble.selectFrom(tab0)));
                ShortVector tab1 = table(t1, ti);
                s1 = s1.add(highNibble.selectFrom(tab1).add(lowNibble.selectFrom(tab1)));
                ShortVector tab2 = table(t2, ti);
                s2 = s2.add(highNibble.selectFrom(tab2).add(lowNibble.selectFrom(tab2)));
                ShortVector tab3 = table(t3, ti);
                s3 = s3.add(highNibble.selectFrom(tab3).add(lowNibble.selectFrom(tab3)));
            }
            l0 = l0.add((IntVector) s0.convertShape(S2I, I16, 0));
            h0 = h0.add((IntVector) s0.convertShape(S2I, I16, 1));
            l1 = l1.add((IntVector) s1.convertShape(S2I, I16, 0));
            h1 = h1.add((IntVector) s1.convertShape(S2I, I16, 1));
            l2 = l2.add((IntVector) s2.convertShape(S2I, I16, 0));
            h2 = h2.add((IntVector) s2.convertShape(S2I, I16, 1));
            l3 = l3.add((IntVector) s3.convertShape(S2I, I16, 0));
            h3 = h3.add((IntVector) s3.convertShape(S2I, I16, 1));
        }
        l0.intoArray(acc, a);
        h0.intoArray(acc, a + 16);
        l1.intoArray(acc, a1);
        h1.intoArray(acc, a1 + 16);
        l2.intoArray(acc, a2);
        h2.intoArray(acc, a2 + 16);
        l3.intoArray(acc, a3);
        h3.intoArray(acc, a3 + 16);
    }
}
