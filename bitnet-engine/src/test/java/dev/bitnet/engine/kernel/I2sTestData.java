package dev.bitnet.engine.kernel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/** Test data: a private I2_S packer (the layout of DESIGN.md, written independently of the kernels) and activations. */
final class I2sTestData {
    private I2sTestData() {}

    /** How weights and activations are chosen. */
    enum Kind {
        /** uniform codes 0..2 and uniform int8 activations */
        RANDOM,
        /** all weights +1 (code 2) with activations +127: the largest positive sum */
        ALL_PLUS_ONE_MAX,
        /** all weights +1 (code 2) with activations −128: the largest negative sum */
        ALL_PLUS_ONE_MIN,
        /** all weights −1 (code 0) with activations alternating ±127/−128 */
        ALL_MINUS_ONE_MIXED,
        /** every byte random, so the never-written code 3 appears too; activations −128 or 127 */
        RANDOM_BYTES_EXTREME
    }

    /** Packs codes[r*cols + k] (0..3) into I2_S bytes: byte b of a block holds elements b, b+32, b+64, b+96 in bits 7:6, 5:4, 3:2, 1:0. */
    static byte[] pack(int[] codes, int rows, int cols) {
        byte[] out = new byte[rows * cols / 4];
        for (int r = 0; r < rows; r++) {
            for (int blk = 0; blk < cols / 128; blk++) {
                int e = r * cols + blk * 128;
                int o = (r * cols + blk * 128) / 4;
                for (int b = 0; b < 32; b++) {
                    out[o + b] = (byte) ((codes[e + b] << 6) | (codes[e + b + 32] << 4) | (codes[e + b + 64] << 2) | codes[e + b + 96]);
                }
            }
        }
        return out;
    }

    static int[] codes(Kind kind, int rows, int cols, SplittableRandom rnd) {
        int[] c = new int[rows * cols];
        for (int i = 0; i < c.length; i++) {
            c[i] = switch (kind) {
                case RANDOM -> rnd.nextInt(3);
                case ALL_PLUS_ONE_MAX, ALL_PLUS_ONE_MIN -> 2;
                case ALL_MINUS_ONE_MIXED -> 0;
                case RANDOM_BYTES_EXTREME -> rnd.nextInt(4);
            };
        }
        return c;
    }

    static void fillActivations(Kind kind, QuantizedVector x, SplittableRandom rnd) {
        byte[] q = x.q();
        for (int i = 0; i < q.length; i++) {
            q[i] = (byte) switch (kind) {
                case RANDOM -> rnd.nextInt(256) - 128;
                case ALL_PLUS_ONE_MAX -> 127;
                case ALL_PLUS_ONE_MIN -> -128;
                case ALL_MINUS_ONE_MIXED -> (i % 2 == 0) ? 127 : -128;
                case RANDOM_BYTES_EXTREME -> rnd.nextBoolean() ? 127 : -128;
            };
        }
        x.set(0.5f + rnd.nextFloat() * 100f);
    }

    /** An off-heap I2_S matrix (codes then the f32 scale, as in a GGUF tensor) in the given arena. */
    static I2sMatrix matrix(Arena arena, int[] codes, int rows, int cols, float scale) {
        byte[] packed = pack(codes, rows, cols);
        MemorySegment seg = arena.allocate(packed.length + I2sMatrix.TRAILER_BYTES, 64);
        MemorySegment.copy(packed, 0, seg, ValueLayout.JAVA_BYTE, 0, packed.length);
        seg.set(I2sMatrix.SCALE_LAYOUT, packed.length, scale);
        return I2sMatrix.of(seg, rows, cols);
    }

    /** Σ_k code·q computed from the unpacked codes, the definition the kernels implement. */
    static long codeDotQ(int[] codes, int row, int cols, byte[] q) {
        long acc = 0;
        for (int k = 0; k < cols; k++) {
            acc += (long) codes[row * cols + k] * q[k];
        }
        return acc;
    }
}
