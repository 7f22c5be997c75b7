package dev.bitnet.engine.kernel;

import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.S2I;
import static jdk.incubator.vector.VectorOperators.ZERO_EXTEND_B2S;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
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
 * @since 0.1
 */
public final class VectorTernaryKernel implements TernaryKernel {

    /** The shared instance; the kernel has no state. */
    public static final VectorTernaryKernel INSTANCE = new VectorTernaryKernel();

    /** Blocks accumulated in 16-bit lanes before widening: 16·1536 = 24576 &lt; 32768. */
    static final int WIDEN_BLOCKS = 16;
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

    private VectorTernaryKernel() {}

    // ---------------------------------------------------------------- decode: one vector

    @Override
    public void matvecRows(I2sMatrix w, QuantizedVector x, float[] out, int outOff, int rowFrom, int rowTo) {
        assert 0 <= rowFrom && rowFrom <= rowTo && rowTo <= w.rows() : rowFrom + ".." + rowTo;
        assert x.length() == w.cols();
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
}
