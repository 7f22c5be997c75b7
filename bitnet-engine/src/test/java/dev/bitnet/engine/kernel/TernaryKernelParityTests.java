package dev.bitnet.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitnet.engine.kernel.I2sTestData.Kind;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("VectorTernaryKernel")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TernaryKernelParityTests {

    private static final long SEED = 0x5EED_2B4EL;

    /** Shapes (rows, cols): K from one block to the FFN's 6912, odd row counts. */
    static Stream<Arguments> shapes() {
        List<Arguments> args = new ArrayList<>();
        int[][] shapes = {{1, 128}, {3, 256}, {7, 384}, {17, 640}, {33, 1280}, {5, 2048}, {9, 2176}, {31, 2560}, {13, 4096}, {11, 6912}};
        int i = 0;
        for (int[] s : shapes) {
            for (Kind kind : Kind.values()) {
                args.add(Arguments.of(s[0], s[1], kind, SEED + i++));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} x {1} {2} seed {3}")
    @MethodSource("shapes")
    @DisplayName("matvec equals the scalar reference bit for bit, and the reference equals the definition")
    void matvecMatchesScalarBitForBit(int rows, int cols, Kind kind, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        try (Arena arena = Arena.ofConfined()) {
            int[] codes = I2sTestData.codes(kind, rows, cols, rnd);
            I2sMatrix w = I2sTestData.matrix(arena, codes, rows, cols, 0.25f + rnd.nextFloat());
            QuantizedVector x = new QuantizedVector(cols);
            I2sTestData.fillActivations(kind, x, rnd);

            float[] expected = new float[rows + 2];
            float[] actual = new float[rows + 2];
            ScalarTernaryKernel.INSTANCE.matvec(w, x, expected, 1);
            VectorTernaryKernel.INSTANCE.matvec(w, x, actual, 1);

            for (int r = 0; r < rows; r++) {
                long dot = I2sTestData.codeDotQ(codes, r, cols, x.q());
                float definition = (float) (dot - x.sum()) / x.scale() * w.scale();
                assertThat(Float.floatToRawIntBits(expected[1 + r]))
                        .as("scalar row %d vs definition, seed %d", r, seed).isEqualTo(Float.floatToRawIntBits(definition));
                assertThat(Float.floatToRawIntBits(actual[1 + r]))
                        .as("vector row %d (%s vs %s), seed %d", r, actual[1 + r], expected[1 + r], seed)
                        .isEqualTo(Float.floatToRawIntBits(expected[1 + r]));
            }
            assertThat(actual[0]).as("untouched before outOff").isZero();
            assertThat(actual[rows + 1]).as("untouched after the rows").isZero();
        }
    }

    static Stream<Arguments> batches() {
        List<Arguments> args = new ArrayList<>();
        int[][] shapes = {{19, 128}, {37, 2560}, {21, 6912}, {45, 1280}};
        int i = 0;
        for (int batch = 1; batch <= 9; batch++) {
            int[] s = shapes[batch % shapes.length];
            Kind kind = Kind.values()[batch % Kind.values().length];
            args.add(Arguments.of(s[0], s[1], batch, kind, SEED + 1000 + i++));
        }
        args.add(Arguments.of(33, 2560, 9, Kind.ALL_PLUS_ONE_MAX, SEED + 2000));
        args.add(Arguments.of(33, 2560, 7, Kind.ALL_PLUS_ONE_MIN, SEED + 2001));
        return args.stream();
    }

    @ParameterizedTest(name = "{0} x {1} batch {2} {3} seed {4}")
    @MethodSource("batches")
    @DisplayName("matmul equals the scalar matvec of every vector bit for bit")
    void matmulMatchesScalarBitForBit(int rows, int cols, int batch, Kind kind, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        try (Arena arena = Arena.ofConfined()) {
            int[] codes = I2sTestData.codes(kind, rows, cols, rnd);
            I2sMatrix w = I2sTestData.matrix(arena, codes, rows, cols, 0.5f + rnd.nextFloat());
            QuantizedVector[] xs = new QuantizedVector[batch];
            float[][] outs = new float[batch][rows];
            float[][] scalarOuts = new float[batch][rows];
            for (int b = 0; b < batch; b++) {
                xs[b] = new QuantizedVector(cols);
                I2sTestData.fillActivations(kind == Kind.RANDOM ? Kind.RANDOM : (b % 2 == 0 ? kind : Kind.RANDOM), xs[b], rnd);
            }
            VectorTernaryKernel.INSTANCE.matmul(w, xs, outs);
            ScalarTernaryKernel.INSTANCE.matmul(w, xs, scalarOuts);
            for (int b = 0; b < batch; b++) {
                float[] expected = new float[rows];
                ScalarTernaryKernel.INSTANCE.matvec(w, xs[b], expected, 0);
                for (int r = 0; r < rows; r++) {
                    assertThat(Float.floatToRawIntBits(outs[b][r]))
                            .as("vector batch %d row %d (%s vs %s), seed %d", b, r, outs[b][r], expected[r], seed)
                            .isEqualTo(Float.floatToRawIntBits(expected[r]));
                    assertThat(Float.floatToRawIntBits(scalarOuts[b][r]))
                            .as("scalar matmul batch %d row %d, seed %d", b, r, seed)
                            .isEqualTo(Float.floatToRawIntBits(expected[r]));
                }
            }
        }
    }

    static Stream<Arguments> threads() {
        List<Arguments> args = new ArrayList<>();
        for (int t = 1; t <= 4; t++) {
            args.add(Arguments.of(t, 0L, SEED + 3000 + t));
            args.add(Arguments.of(t, KernelPool.DEFAULT_SPIN_NANOS, SEED + 4000 + t));
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} threads, spin {1} ns, seed {2}")
    @MethodSource("threads")
    @DisplayName("the pool's sections (one matrix, q/k/v together, batches) equal the scalar kernel bit for bit")
    void poolMatchesScalarBitForBit(int threads, long spinNanos, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int cols = 640;
        int[] rowCounts = {77, 19, 19};
        try (Arena arena = Arena.ofShared(); // the workers read the weights: a confined arena would refuse them
                KernelPool pool = new KernelPool(threads, VectorTernaryKernel.INSTANCE, spinNanos)) {
            I2sMatrix[] ws = new I2sMatrix[rowCounts.length];
            for (int m = 0; m < ws.length; m++) {
                ws[m] = I2sTestData.matrix(arena, I2sTestData.codes(Kind.RANDOM, rowCounts[m], cols, rnd), rowCounts[m], cols, 1f + m);
            }
            for (int round = 0; round < 20; round++) {
                QuantizedVector x = new QuantizedVector(cols);
                I2sTestData.fillActivations(Kind.RANDOM, x, rnd);
                float[][] outs = new float[ws.length][];
                int[] offs = new int[ws.length];
                for (int m = 0; m < ws.length; m++) {
                    outs[m] = new float[rowCounts[m] + m];
                    offs[m] = m;
                }
                pool.matvec(ws, x, outs, offs);
                float[] single = new float[rowCounts[0]];
                pool.matvec(ws[0], x, single, 0);
                for (int m = 0; m < ws.length; m++) {
                    float[] expected = new float[rowCounts[m] + m];
                    ScalarTernaryKernel.INSTANCE.matvec(ws[m], x, expected, m);
                    assertThat(bits(outs[m])).as("matrix %d round %d seed %d", m, round, seed).isEqualTo(bits(expected));
                    if (m == 0) {
                        assertThat(bits(single)).as("single matrix round %d seed %d", round, seed).isEqualTo(bits(expected));
                    }
                }
            }
            int batch = 1 + rnd.nextInt(9);
            QuantizedVector[] xs = new QuantizedVector[batch];
            for (int b = 0; b < batch; b++) {
                xs[b] = new QuantizedVector(cols);
                I2sTestData.fillActivations(Kind.RANDOM, xs[b], rnd);
            }
            float[][][] outs = new float[ws.length][batch][];
            for (int m = 0; m < ws.length; m++) {
                for (int b = 0; b < batch; b++) {
                    outs[m][b] = new float[rowCounts[m]];
                }
            }
            pool.matmul(ws, xs, batch, outs);
            for (int m = 0; m < ws.length; m++) {
                for (int b = 0; b < batch; b++) {
                    float[] expected = new float[rowCounts[m]];
                    ScalarTernaryKernel.INSTANCE.matvec(ws[m], xs[b], expected, 0);
                    assertThat(bits(outs[m][b])).as("matmul matrix %d vector %d seed %d", m, b, seed).isEqualTo(bits(expected));
                }
            }
        }
    }

    @Test
    @DisplayName("reads bitnet.cpp's byte layout: byte b holds elements b, b+32, b+64, b+96 from the high bits down")
    void readsTheDocumentedByteLayout() {
        try (Arena arena = Arena.ofConfined()) {
            // One row, one block: byte 0 = 0b10_01_00_10 -> element 0 code 2, element 32 code 1, element 64 code 0, element 96 code 2.
            var seg = arena.allocate(32 + I2sMatrix.TRAILER_BYTES);
            seg.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 0b10_01_00_10);
            for (int b = 1; b < 32; b++) {
                seg.set(java.lang.foreign.ValueLayout.JAVA_BYTE, b, (byte) 0b01_01_01_01); // all zero weights
            }
            seg.set(I2sMatrix.SCALE_LAYOUT, 32, 2f);
            I2sMatrix w = I2sMatrix.of(seg, 1, 128);
            assertThat(w.scale()).isEqualTo(2f);
            QuantizedVector x = new QuantizedVector(128);
            x.q()[0] = 10;
            x.q()[32] = 20;
            x.q()[64] = 30;
            x.q()[96] = 40;
            x.set(4f);
            // Σ code·q = 2·10 + 1·20 + 0·30 + 2·40 + Σ over the other 124 elements of 1·0 = 120; Σq = 100.
            // y = (120 − 100) / 4 · 2 = 10 = w·x with weights (+1, 0, −1, +1)·(10, 20, 30, 40)/4·2 = (10 − 30 + 40)/2.
            for (TernaryKernel kernel : new TernaryKernel[] {ScalarTernaryKernel.INSTANCE, VectorTernaryKernel.INSTANCE}) {
                float[] out = new float[1];
                kernel.matvec(w, x, out, 0);
                assertThat(out[0]).as(kernel.getClass().getSimpleName()).isEqualTo(10f);
            }
        }
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    // ---------------------------------------------------------------- tiled layout

    static Stream<Arguments> tiledShapes() {
        List<Arguments> args = new ArrayList<>();
        int[][] shapes = {{32, 128}, {64, 640}, {96, 2560}, {32, 6912}, {160, 1280}, {1088, 384}}; // 1088 rows: more tiles than one TILE_BLOCK
        int i = 0;
        for (int[] s : shapes) {
            for (Kind kind : Kind.values()) {
                args.add(Arguments.of(s[0], s[1], kind, SEED + 5000 + i++));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} x {1} {2} seed {3}")
    @MethodSource("tiledShapes")
    @DisplayName("the TILED_32 layout gives the row-major scalar result bit for bit (matvec, partial row ranges, batches)")
    void tiledMatchesRowMajorScalar(int rows, int cols, Kind kind, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        try (Arena arena = Arena.ofConfined()) {
            int[] codes = I2sTestData.codes(kind, rows, cols, rnd);
            I2sMatrix w = I2sTestData.matrix(arena, codes, rows, cols, 0.5f + rnd.nextFloat());
            I2sMatrix tiled = w.tiled(arena);
            assertThat(tiled.layout()).isEqualTo(I2sLayout.TILED_32);
            for (int probe = 0; probe < 50; probe++) {
                int r = rnd.nextInt(rows), j = rnd.nextInt(cols / 4);
                assertThat(tiled.codeByte(r, j)).as("code byte (%d, %d)", r, j).isEqualTo(w.codeByte(r, j));
            }
            int batch = 1 + (int) (seed % 9);
            QuantizedVector[] xs = new QuantizedVector[batch];
            for (int b = 0; b < batch; b++) {
                xs[b] = new QuantizedVector(cols);
                I2sTestData.fillActivations(b == 0 ? kind : Kind.RANDOM, xs[b], rnd);
            }
            float[] expected = new float[rows];
            ScalarTernaryKernel.INSTANCE.matvec(w, xs[0], expected, 0);
            float[] tiledScalar = new float[rows];
            ScalarTernaryKernel.INSTANCE.matvec(tiled, xs[0], tiledScalar, 0);
            assertThat(bits(tiledScalar)).as("scalar on the tiled layout, seed %d", seed).isEqualTo(bits(expected));
            float[] actual = new float[rows];
            VectorTernaryKernel.INSTANCE.matvec(tiled, xs[0], actual, 0);
            assertThat(bits(actual)).as("vector tiled matvec, seed %d", seed).isEqualTo(bits(expected));

            // a row range that starts and ends inside tiles writes exactly those rows
            int from = rnd.nextInt(rows), to = from + rnd.nextInt(rows - from + 1);
            float[] partial = new float[rows];
            VectorTernaryKernel.INSTANCE.matvecRows(tiled, xs[0], partial, 0, from, to);
            for (int r = 0; r < rows; r++) {
                assertThat(partial[r]).as("row %d of range [%d, %d), seed %d", r, from, to, seed).isEqualTo(r >= from && r < to ? expected[r] : 0f);
            }

            float[][] outs = new float[batch][rows];
            VectorTernaryKernel.INSTANCE.matmul(tiled, xs, outs);
            for (int b = 0; b < batch; b++) {
                float[] e = new float[rows];
                ScalarTernaryKernel.INSTANCE.matvec(w, xs[b], e, 0);
                assertThat(bits(outs[b])).as("tiled matmul vector %d of %d, seed %d", b, batch, seed).isEqualTo(bits(e));
            }
        }
    }

    @ParameterizedTest(name = "{0} threads")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 3, 4})
    @DisplayName("the pool runs tiled q/k/v sections and batches bit for bit, tiling in place equals tiling a copy")
    void poolOnTiledMatchesScalar(int threads) {
        long seed = SEED + 6000 + threads;
        SplittableRandom rnd = new SplittableRandom(seed);
        int cols = 1280;
        int[] rowCounts = {96, 32, 64};
        try (Arena arena = Arena.ofShared(); KernelPool pool = new KernelPool(threads)) {
            I2sMatrix[] rowMajor = new I2sMatrix[rowCounts.length];
            I2sMatrix[] tiled = new I2sMatrix[rowCounts.length];
            for (int m = 0; m < rowCounts.length; m++) {
                int[] codes = I2sTestData.codes(Kind.RANDOM, rowCounts[m], cols, rnd);
                rowMajor[m] = I2sTestData.matrix(arena, codes, rowCounts[m], cols, 1f + m);
                I2sMatrix copy = I2sTestData.matrix(arena, codes, rowCounts[m], cols, 1f + m);
                tiled[m] = copy.tileInPlace();
                I2sMatrix reference = rowMajor[m].tiled(arena);
                assertThat(tiled[m].packed().asSlice(0, tiled[m].codeBytes()).mismatch(reference.packed())).as("in place vs copy").isEqualTo(-1L);
            }
            QuantizedVector x = new QuantizedVector(cols);
            I2sTestData.fillActivations(Kind.RANDOM, x, rnd);
            float[][] outs = {new float[96], new float[32], new float[64]};
            pool.matvec(tiled, x, outs, new int[3]);
            int batch = 5;
            QuantizedVector[] xs = new QuantizedVector[batch];
            for (int b = 0; b < batch; b++) {
                xs[b] = new QuantizedVector(cols);
                I2sTestData.fillActivations(Kind.RANDOM, xs[b], rnd);
            }
            float[][][] batchOuts = new float[3][batch][];
            for (int m = 0; m < 3; m++) {
                for (int b = 0; b < batch; b++) {
                    batchOuts[m][b] = new float[rowCounts[m]];
                }
            }
            pool.matmul(tiled, xs, batch, batchOuts);
            for (int m = 0; m < 3; m++) {
                float[] expected = new float[rowCounts[m]];
                ScalarTernaryKernel.INSTANCE.matvec(rowMajor[m], x, expected, 0);
                assertThat(bits(outs[m])).as("matrix %d, seed %d", m, seed).isEqualTo(bits(expected));
                for (int b = 0; b < batch; b++) {
                    ScalarTernaryKernel.INSTANCE.matvec(rowMajor[m], xs[b], expected, 0);
                    assertThat(bits(batchOuts[m][b])).as("matrix %d vector %d, seed %d", m, b, seed).isEqualTo(bits(expected));
                }
            }
        }
    }

    @Test
    @DisplayName("refuses to tile a row count that is not a multiple of 32")
    void refusesToTileOddRows() {
        try (Arena arena = Arena.ofConfined()) {
            I2sMatrix w = I2sTestData.matrix(arena, new int[33 * 128], 33, 128, 1f);
            assertThat(w.canTile()).isFalse();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.tiled(arena))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the TILED_32 layout needs a multiple of 32 rows but the matrix has: 33");
        }
    }
}
