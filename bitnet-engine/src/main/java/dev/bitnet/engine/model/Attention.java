package dev.bitnet.engine.model;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Attention of one token row over its sequence's KV cache, for a group of query heads that share
 * one key/value head (grouped-query attention): the scores, then the weighted sum of the values.
 *
 * <p>Both halves are vertical vector arithmetic, with no sum across the lanes of a vector. The
 * keys are cached transposed in blocks of {@link #BLOCK} positions (see {@link CpuSequence}), so
 * the scores of 16 positions are one vector: {@code Σ_i q[i]·K[i][t..t+16)}, a broadcast query
 * element times a row of the block. The values keep their (position, dimension) layout, so the
 * output is {@code Σ_t w[t]·V[t][d..d+16)}. Each block is converted from F16 once into a float
 * scratch block and then used by every head of the group. (The previous form took one dot product
 * per head and position and summed its lanes; at a few hundred positions attention cost more than
 * the output projection.)
 *
 * <p>Order of the float operations, fixed and the same in every execution mode: a score sums the
 * dimensions {@code i ≡ 0, 1, 2, 3 (mod 4)} in four fused multiply-add chains, adds them as
 * {@code (c0 + c1) + (c2 + c3)} and then multiplies by the scale; an output element is a fused
 * multiply-add chain over the positions in order.
 */
final class Attention {

    /** Positions per transposed key block. */
    static final int BLOCK = 16;

    /** A float vector of at most {@link #BLOCK} lanes, so that a block is a whole number of vectors. */
    private static final VectorSpecies<Float> F = Numerics.F;

    private Attention() {}

    /** @return {@code n} rounded up to a whole number of blocks */
    static int roundUp(int n) {
        return (n + BLOCK - 1) / BLOCK * BLOCK;
    }

    /**
     * Query heads per unit of parallel work: the largest divisor {@code g} of {@code kvMul} whose
     * units ({@code kvHeads·kvMul/g}) split evenly over {@code threads}, or are at least four per
     * thread. Larger groups convert each cached block once for more heads; 2B4T (5 key/value heads
     * of 4) gets units of 2 heads, 10 in all, rather than 5 units that two threads split 3 to 2.
     */
    static int headsPerUnit(int kvHeads, int kvMul, int threads) {
        for (int g = kvMul; g > 1; g--) {
            if (kvMul % g == 0) {
                int units = kvHeads * (kvMul / g);
                if (units % threads == 0 || units >= 4 * threads) {
                    return g;
                }
            }
        }
        return 1;
    }

    /**
     * {@code att[h][t] = scale · Σ_i q[h·headDim + i]·key(t)[i]} for the {@code g} heads from
     * {@code h0} (which share key/value head {@code kvHead}) and positions {@code t < n}. Entries from
     * {@code n} to the end of the last block are overwritten with values of no meaning.
     *
     * @param keyBlock scratch of {@code headDim·BLOCK} floats
     */
    static void scores(CpuSequence seq, int layer, int kvHead, float[] q, int h0, int g, int n, float scale,
            float[][] att, float[] keyBlock) {
        for (int block = 0; block * BLOCK < n; block++) {
            seq.keyBlock(layer, kvHead, block, keyBlock);
            // heads in pairs, which share each load of the block (an odd last head pairs with itself)
            for (int h = h0; h < h0 + g; h += 2) {
                blockScores(q, h, Math.min(h + 1, h0 + g - 1), seq.headDim, scale, keyBlock, att, block * BLOCK);
            }
        }
    }

    /** The scores of heads {@code ha} and {@code hb} for one block, into {@code att[h][at, at+BLOCK)}. */
    private static void blockScores(float[] q, int ha, int hb, int headDim, float scale, float[] keyBlock, float[][] att, int at) {
        int qa = ha * headDim;
        int qb = hb * headDim;
        for (int p = 0; p < BLOCK; p += F.length()) {
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
            FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            int i = 0;
            for (; i + 4 <= headDim; i += 4) {
                FloatVector k0 = FloatVector.fromArray(F, keyBlock, i * BLOCK + p);
                FloatVector k1 = FloatVector.fromArray(F, keyBlock, (i + 1) * BLOCK + p);
                FloatVector k2 = FloatVector.fromArray(F, keyBlock, (i + 2) * BLOCK + p);
                FloatVector k3 = FloatVector.fromArray(F, keyBlock, (i + 3) * BLOCK + p);
                a0 = FloatVector.broadcast(F, q[qa + i]).fma(k0, a0);
                b0 = FloatVector.broadcast(F, q[qb + i]).fma(k0, b0);
                a1 = FloatVector.broadcast(F, q[qa + i + 1]).fma(k1, a1);
                b1 = FloatVector.broadcast(F, q[qb + i + 1]).fma(k1, b1);
                a2 = FloatVector.broadcast(F, q[qa + i + 2]).fma(k2, a2);
                b2 = FloatVector.broadcast(F, q[qb + i + 2]).fma(k2, b2);
                a3 = FloatVector.broadcast(F, q[qa + i + 3]).fma(k3, a3);
                b3 = FloatVector.broadcast(F, q[qb + i + 3]).fma(k3, b3);
            }
            for (; i < headDim; i++) {
                FloatVector k = FloatVector.fromArray(F, keyBlock, i * BLOCK + p);
                a0 = FloatVector.broadcast(F, q[qa + i]).fma(k, a0);
                b0 = FloatVector.broadcast(F, q[qb + i]).fma(k, b0);
            }
            a0.add(a1).add(a2.add(a3)).mul(scale).intoArray(att[ha], at + p);
            b0.add(b1).add(b2.add(b3)).mul(scale).intoArray(att[hb], at + p);
        }
    }

    /**
     * {@code out[h·headDim + d] = Σ_{t<n} att[h][t]·value(t)[d]} for the {@code g} heads from
     * {@code h0}, which share key/value head {@code kvHead}.
     *
     * @param valueBlock scratch of {@code BLOCK·headDim} floats
     */
    static void values(CpuSequence seq, int layer, int kvHead, int h0, int g, int n, float[][] att, float[] out,
            float[] valueBlock) {
        int headDim = seq.headDim;
        Arrays.fill(out, h0 * headDim, (h0 + g) * headDim, 0f);
        for (int t0 = 0; t0 < n; t0 += BLOCK) {
            int m = Math.min(BLOCK, n - t0);
            seq.valueRows(layer, kvHead, t0, m, valueBlock);
            for (int h = h0; h < h0 + g; h++) {
                float[] w = att[h];
                int o = h * headDim;
                int d = 0;
                // four output vectors at a time: four independent multiply-add chains over the positions
                for (; d + 4 * F.length() <= headDim; d += 4 * F.length()) {
                    FloatVector a0 = FloatVector.fromArray(F, out, o + d);
                    FloatVector a1 = FloatVector.fromArray(F, out, o + d + F.length());
                    FloatVector a2 = FloatVector.fromArray(F, out, o + d + 2 * F.length());
                    FloatVector a3 = FloatVector.fromArray(F, out, o + d + 3 * F.length());
                    for (int t = 0; t < m; t++) {
                        FloatVector wt = FloatVector.broadcast(F, w[t0 + t]);
                        int row = t * headDim + d;
                        a0 = wt.fma(FloatVector.fromArray(F, valueBlock, row), a0);
                        a1 = wt.fma(FloatVector.fromArray(F, valueBlock, row + F.length()), a1);
                        a2 = wt.fma(FloatVector.fromArray(F, valueBlock, row + 2 * F.length()), a2);
                        a3 = wt.fma(FloatVector.fromArray(F, valueBlock, row + 3 * F.length()), a3);
                    }
                    a0.intoArray(out, o + d);
                    a1.intoArray(out, o + d + F.length());
                    a2.intoArray(out, o + d + 2 * F.length());
                    a3.intoArray(out, o + d + 3 * F.length());
                }
                for (; d + F.length() <= headDim; d += F.length()) {
                    FloatVector acc = FloatVector.fromArray(F, out, o + d);
                    for (int t = 0; t < m; t++) {
                        acc = FloatVector.broadcast(F, w[t0 + t]).fma(FloatVector.fromArray(F, valueBlock, t * headDim + d), acc);
                    }
                    acc.intoArray(out, o + d);
                }
                for (; d < headDim; d++) {
                    float acc = out[o + d];
                    for (int t = 0; t < m; t++) {
                        acc = Math.fma(w[t0 + t], valueBlock[t * headDim + d], acc);
                    }
                    out[o + d] = acc;
                }
            }
        }
    }
}
