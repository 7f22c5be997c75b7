package dev.bitnet.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Int8RowMatrix (opt-in int8 output head)")
class Int8RowMatrixTests {

    @Test
    @DisplayName("stays within rowScale/2·Σ|x| of the F16 head, and its vector and scalar dots agree")
    void staysWithinQuantizationBoundOfF16() {
        long seed = 0x1478L;
        SplittableRandom rnd = new SplittableRandom(seed);
        int rows = 33, cols = 2560;
        try (Arena arena = Arena.ofConfined()) {
            FloatRowMatrix f16 = FloatRowMatrixTests.random(FloatRowMatrixTests.Format.F16, arena, rows, cols, rnd);
            Int8RowMatrix int8 = Int8RowMatrix.quantize(f16, arena);
            float[] x = new float[cols];
            double absSum = 0;
            for (int i = 0; i < cols; i++) {
                x[i] = (float) rnd.nextGaussian();
                absSum += Math.abs(x[i]);
            }
            QuantizedVector xq = new QuantizedVector(cols);
            xq.quantize(x, 0);
            double worstRelativeToBound = 0;
            for (int r = 0; r < rows; r++) {
                float reference = f16.dot(r, x, 0);
                float rowScale = int8.rowScale(r);
                double floatSlack = cols * 0x1p-23 * 2 * absSum * rowScale * 127;
                double bound = rowScale / 2 * absSum + floatSlack;
                float fast = int8.dot(r, x, 0);
                assertThat((double) fast).as("int8 x f32 row %d seed %d", r, seed).isCloseTo(reference, org.assertj.core.data.Offset.offset(bound));
                assertThat((double) int8.dotScalar(r, x, 0)).as("scalar row %d", r).isCloseTo(fast, org.assertj.core.data.Offset.offset(floatSlack));
                worstRelativeToBound = Math.max(worstRelativeToBound, Math.abs(fast - reference) / bound);

                // int8 x int8: the integer sum is exact; it adds the activations' own rounding, at most
                // 1/(2s) per element, weighted by |w| ≤ 127·rowScale.
                assertThat(int8.dotQ8(r, xq)).isEqualTo(int8.codeDotScalar(r, xq) * rowScale / xq.scale());
                double q8Bound = bound + 127 * rowScale * cols / (2 * xq.scale());
                assertThat((double) int8.dotQ8(r, xq)).as("int8 x int8 row %d", r).isCloseTo(reference, org.assertj.core.data.Offset.offset(q8Bound));
            }
            // Errors of random sign are far below the worst case: a sanity check that the bound is not vacuous.
            assertThat(worstRelativeToBound).as("largest error relative to the worst-case bound").isLessThan(0.2);
        }
    }

    @Test
    @DisplayName("exact integer int8 × int8 dot on extreme values")
    void exactOnExtremes() {
        try (Arena arena = Arena.ofConfined()) {
            int cols = 256;
            java.lang.foreign.MemorySegment seg = arena.allocate(cols * 4L);
            for (int i = 0; i < cols; i++) {
                seg.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, i, i % 2 == 0 ? -1f : -0.999f);
            }
            Int8RowMatrix int8 = Int8RowMatrix.quantize(FloatRowMatrix.f32(seg, 1, cols), arena);
            QuantizedVector xq = new QuantizedVector(cols);
            java.util.Arrays.fill(xq.q(), (byte) -128);
            xq.set(1f);
            // every weight rounds to −127: Σ = 256 · (−127) · (−128)
            assertThat(int8.codeDotScalar(0, xq)).isEqualTo(256 * 127 * 128);
            assertThat(int8.dotQ8(0, xq)).isEqualTo(256 * 127 * 128 * int8.rowScale(0));
        }
    }
}
