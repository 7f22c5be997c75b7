package dev.bitnet.engine.cuda;

import dev.bitnet.engine.kernel.I2sMatrix;
import dev.bitnet.engine.model.Activation;
import dev.bitnet.engine.model.ModelConfig;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/** Test support: synthetic I2_S matrices and whole models, deterministic from a seed. */
final class Synthetic {
    private Synthetic() {}

    /** Ternary codes 0..2 (codes[r*cols + k]), or 0..3 with {@code allowThree}. */
    static byte[] codes(int rows, int cols, SplittableRandom rnd, boolean allowThree) {
        byte[] c = new byte[rows * cols];
        for (int i = 0; i < c.length; i++) {
            c[i] = (byte) rnd.nextInt(allowThree ? 4 : 3);
        }
        return c;
    }

    /** Packs codes in bitnet.cpp's I2_S layout (DESIGN.md): byte b of a 128-block holds b, b+32, b+64, b+96. */
    static byte[] pack(byte[] codes, int rows, int cols) {
        byte[] packed = new byte[rows * cols / 4];
        for (int r = 0; r < rows; r++) {
            for (int blk = 0; blk < cols; blk += 128) {
                int base = (r * cols + blk) / 4;
                for (int b = 0; b < 32; b++) {
                    int e = r * cols + blk + b;
                    int v = (codes[e] << 6) | (codes[e + 32] << 4) | (codes[e + 64] << 2) | codes[e + 96];
                    packed[base + b] = (byte) v;
                }
            }
        }
        return packed;
    }

    /** Σ_k code(r,k)·q[k], written directly from the codes (independent of the packed layout). */
    static int codeDot(byte[] codes, int r, int cols, byte[] q, int qOff) {
        int acc = 0;
        for (int k = 0; k < cols; k++) {
            acc += codes[r * cols + k] * q[qOff + k];
        }
        return acc;
    }

    static I2sMatrix matrix(Arena arena, int rows, int cols, float scale, SplittableRandom rnd) {
        byte[] packed = pack(codes(rows, cols, rnd, false), rows, cols);
        MemorySegment seg = arena.allocate(packed.length, 32);
        MemorySegment.copy(packed, 0, seg, ValueLayout.JAVA_BYTE, 0, packed.length);
        return new I2sMatrix(seg, rows, cols, scale);
    }

    static float[] around(int n, float center, float spread, SplittableRandom rnd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = center + (float) ((rnd.nextDouble() * 2 - 1) * spread);
        }
        return v;
    }

    /** F16 values uniform in ±amplitude. */
    static MemorySegment f16(Arena arena, long count, float amplitude, SplittableRandom rnd) {
        MemorySegment seg = arena.allocate(2 * count, 32);
        for (long i = 0; i < count; i++) {
            float v = (float) ((rnd.nextDouble() * 2 - 1) * amplitude);
            seg.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, Float.floatToFloat16(v));
        }
        return seg;
    }

    /** The tiny test model: dim 256, ffn 512, 2 layers, 4 heads / 2 KV heads of 64, vocab 512, context 512. */
    static ModelConfig tinyConfig(Activation activation) {
        return new ModelConfig(activation == Activation.RELU2 ? "bitnet-b1.58" : "bitnet", 256, 512, 2, 4, 2, 64, 512,
                512, 1e-5f, 10000f, activation);
    }

    static HostModel model(Arena arena, ModelConfig c, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int dim = c.dim();
        int kv = c.kvDim();
        int ffn = c.ffnDim();
        HostModel.Layer[] layers = new HostModel.Layer[c.layers()];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = new HostModel.Layer(
                    matrix(arena, dim, dim, 0.9f + 0.1f * l, rnd),
                    matrix(arena, kv, dim, 1.1f, rnd),
                    matrix(arena, kv, dim, 0.8f, rnd),
                    matrix(arena, dim, dim, 0.7f, rnd),
                    matrix(arena, ffn, dim, 1.0f, rnd),
                    matrix(arena, ffn, dim, 0.6f, rnd),
                    matrix(arena, dim, ffn, 0.5f, rnd),
                    around(dim, 1f, 0.3f, rnd), around(dim, 1f, 0.3f, rnd), around(dim, 1f, 0.3f, rnd),
                    around(ffn, 1f, 0.3f, rnd));
        }
        MemorySegment embedding = f16(arena, (long) c.vocab() * dim, 1f, rnd);
        return new HostModel(c, layers, embedding, around(dim, 1f, 0.2f, rnd), embedding);
    }
}
