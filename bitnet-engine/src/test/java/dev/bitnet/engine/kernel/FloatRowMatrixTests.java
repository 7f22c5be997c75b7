package dev.bitnet.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import jdk.incubator.vector.IntVector;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("FloatRowMatrix")
class FloatRowMatrixTests {

    private static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat LE_FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    enum Format { F32, F16, Q8_0, Q6_K, INT8 }

    /** Random data in the format's own encoding: the bytes a GGUF file would hold. */
    static FloatRowMatrix random(Format format, Arena arena, int rows, int cols, SplittableRandom rnd) {
        return switch (format) {
            case F32 -> {
                MemorySegment seg = arena.allocate((long) rows * cols * 4);
                for (long i = 0; i < (long) rows * cols; i++) {
                    seg.set(LE_FLOAT, i * 4, (float) rnd.nextGaussian() * 0.05f);
                }
                yield FloatRowMatrix.f32(seg, rows, cols);
            }
            case F16 -> {
                MemorySegment seg = arena.allocate((long) rows * cols * 2);
                for (long i = 0; i < (long) rows * cols; i++) {
                    seg.set(LE_SHORT, i * 2, Float.floatToFloat16((float) rnd.nextGaussian() * 0.05f));
                }
                yield FloatRowMatrix.f16(seg, rows, cols);
            }
            case Q8_0 -> {
                MemorySegment seg = arena.allocate((long) rows * cols / 32 * 34);
                for (long b = 0; b < (long) rows * cols / 32; b++) {
                    seg.set(LE_SHORT, b * 34, Float.floatToFloat16(0.001f + rnd.nextFloat() * 0.01f));
                    for (int i = 0; i < 32; i++) {
                        seg.set(ValueLayout.JAVA_BYTE, b * 34 + 2 + i, (byte) (rnd.nextInt(255) - 127));
                    }
                }
                yield FloatRowMatrix.q8_0(seg, rows, cols);
            }
            case Q6_K -> {
                MemorySegment seg = arena.allocate((long) rows * cols / 256 * 210);
                for (long b = 0; b < (long) rows * cols / 256; b++) {
                    for (int i = 0; i < 208; i++) {
                        seg.set(ValueLayout.JAVA_BYTE, b * 210 + i, (byte) rnd.nextInt(256));
                    }
                    seg.set(LE_SHORT, b * 210 + 208, Float.floatToFloat16(0.0001f + rnd.nextFloat() * 0.001f));
                }
                yield FloatRowMatrix.q6_K(seg, rows, cols);
            }
            // the opt-in int8 head: quantized from a random F16 matrix (its matvec takes rows four at a time)
            case INT8 -> Int8RowMatrix.quantize(random(Format.F16, arena, rows, cols, rnd), arena);
        };
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    @DisplayName("dot agrees with the scalar specification within float summation error, and with row() times x")
    void dotAgreesWithScalarSpecification(Format format) {
        long seed = 0xF1_0A7L + format.ordinal();
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int cols : new int[] {256, 768, 2560}) {
            int rows = 7;
            try (Arena arena = Arena.ofConfined()) {
                FloatRowMatrix m = random(format, arena, rows, cols, rnd);
                float[] x = new float[cols + 3];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) rnd.nextGaussian();
                }
                float[] row = new float[cols];
                for (int r = 0; r < rows; r++) {
                    m.row(r, row, 0);
                    double exact = 0;
                    double magnitude = 0;
                    for (int k = 0; k < cols; k++) {
                        exact += (double) row[k] * x[3 + k];
                        magnitude += Math.abs((double) row[k] * x[3 + k]);
                    }
                    // Float sums of n terms in any order are within about n·2^-24 of Σ|terms| of the exact sum
                    // (first-order bound); the vector and scalar orders differ, so compare each with the exact sum.
                    double tolerance = cols * 0x1p-24 * magnitude + 1e-30;
                    float scalar = m.dotScalar(r, x, 3);
                    float vector = m.dot(r, x, 3);
                    assertThat((double) scalar).as("%s scalar row %d cols %d seed %d", format, r, cols, seed).isCloseTo(exact, org.assertj.core.data.Offset.offset(tolerance));
                    assertThat((double) vector).as("%s vector row %d cols %d seed %d", format, r, cols, seed).isCloseTo(exact, org.assertj.core.data.Offset.offset(tolerance));
                }
                float[] out = new float[rows + 1];
                m.matvecRows(x, 3, out, 1, 0, rows);
                for (int r = 0; r < rows; r++) {
                    assertThat(out[1 + r]).as("matvecRows row %d", r).isEqualTo(m.dot(r, x, 3));
                }
            }
        }
    }

    @Test
    @DisplayName("the vector half-to-float conversion equals Float.float16ToFloat for every finite half")
    void halfConversionIsExactForEveryFiniteHalf() {
        int lanes = IntVector.SPECIES_PREFERRED.length();
        int[] halves = new int[lanes];
        float[] converted = new float[lanes];
        for (int base = 0; base < 65536; base += lanes) {
            for (int i = 0; i < lanes; i++) {
                halves[i] = (short) (base + i); // sign-extended, as the kernel's S2I conversion gives
            }
            F16RowMatrix.halfToFloat(IntVector.fromArray(IntVector.SPECIES_PREFERRED, halves, 0)).intoArray(converted, 0);
            for (int i = 0; i < lanes; i++) {
                short h = (short) (base + i);
                if ((h & 0x7C00) != 0x7C00) {
                    assertThat(Float.floatToRawIntBits(converted[i])).as("half 0x%04x", h & 0xFFFF)
                            .isEqualTo(Float.floatToRawIntBits(Float.float16ToFloat(h)));
                }
            }
        }
    }

    @Test
    @DisplayName("F16 rows holding infinity or NaN fall back to the exact conversion")
    void f16WithNonFiniteValuesUsesExactConversion() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(2 * 64);
            for (int i = 0; i < 64; i++) {
                seg.set(LE_SHORT, i * 2, Float.floatToFloat16(1f));
            }
            seg.set(LE_SHORT, 2 * 5, (short) 0x7C00); // +infinity in row 0
            FloatRowMatrix m = FloatRowMatrix.f16(seg, 2, 32);
            float[] x = new float[32];
            java.util.Arrays.fill(x, 1f);
            assertThat(m.dot(0, x, 0)).isEqualTo(Float.POSITIVE_INFINITY);
            assertThat(m.dot(1, x, 0)).isEqualTo(32f);
        }
    }

    @Test
    @DisplayName("Q8_0 dequantizes d·qs[i] from a hand-built block")
    void q8_0DequantizesHandBuiltBlock() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(34);
            seg.set(LE_SHORT, 0, Float.floatToFloat16(0.5f));
            for (int i = 0; i < 32; i++) {
                seg.set(ValueLayout.JAVA_BYTE, 2 + i, (byte) (i - 16));
            }
            float[] row = new float[32];
            FloatRowMatrix.q8_0(seg, 1, 32).row(0, row, 0);
            for (int i = 0; i < 32; i++) {
                assertThat(row[i]).isEqualTo(0.5f * (i - 16));
            }
        }
    }

    @Test
    @DisplayName("Q6_K dequantizes d·scale·(q − 32) with llama.cpp's bit placement from a hand-built block")
    void q6_KDequantizesHandBuiltBlock() {
        // Choose a 6-bit q (0..63) and a scale per element, encode them by the layout of block_q6_K
        // written out independently here, and expect d·scales[j]·(q − 32).
        int[] q = new int[256];
        SplittableRandom rnd = new SplittableRandom(6);
        for (int i = 0; i < 256; i++) {
            q[i] = rnd.nextInt(64);
        }
        byte[] scales = new byte[16];
        for (int j = 0; j < 16; j++) {
            scales[j] = (byte) (j * 9 - 70);
        }
        byte[] ql = new byte[128];
        byte[] qh = new byte[64];
        for (int half = 0; half < 2; half++) {
            for (int l = 0; l < 32; l++) {
                int e = half * 128 + l;
                int q1 = q[e], q2 = q[e + 32], q3 = q[e + 64], q4 = q[e + 96];
                ql[half * 64 + l] = (byte) ((q1 & 0xF) | ((q3 & 0xF) << 4));
                ql[half * 64 + l + 32] = (byte) ((q2 & 0xF) | ((q4 & 0xF) << 4));
                qh[half * 32 + l] = (byte) ((q1 >> 4) | ((q2 >> 4) << 2) | ((q3 >> 4) << 4) | ((q4 >> 4) << 6));
            }
        }
        float d = 0.25f;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(210);
            MemorySegment.copy(ql, 0, seg, ValueLayout.JAVA_BYTE, 0, 128);
            MemorySegment.copy(qh, 0, seg, ValueLayout.JAVA_BYTE, 128, 64);
            MemorySegment.copy(scales, 0, seg, ValueLayout.JAVA_BYTE, 192, 16);
            seg.set(LE_SHORT, 208, Float.floatToFloat16(d));
            float[] row = new float[256];
            FloatRowMatrix.q6_K(seg, 1, 256).row(0, row, 0);
            for (int i = 0; i < 256; i++) {
                // element i uses scale index i / 16 (16 elements per scale, in element order)
                float expected = d * scales[i / 16] * (q[i] - 32);
                assertThat(row[i]).as("element %d", i).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"F16, 0, 3", "F16, 7, 31", "Q8_0, 2, 48", "Q6_K, 1, 200", "F32, 0, 0"})
    @DisplayName("rejects shapes that the data cannot hold or that break the block size")
    void rejectsBadShapes(Format format, int rows, int cols) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(64);
            assertThatThrownBy(() -> {
                FloatRowMatrix unused = switch (format) {
                    case F32 -> FloatRowMatrix.f32(seg, rows, cols);
                    case F16 -> FloatRowMatrix.f16(seg, rows, cols);
                    case Q8_0 -> FloatRowMatrix.q8_0(seg, rows, cols);
                    case Q6_K -> FloatRowMatrix.q6_K(seg, rows, cols);
                    case INT8 -> throw new IllegalArgumentException("INT8 is quantized, not read from bytes");
                };
            }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(format.name());
        }
    }

    @Test
    @DisplayName("dot names the bad row or offset")
    void dotRejectsBadArguments() {
        try (Arena arena = Arena.ofConfined()) {
            FloatRowMatrix m = random(Format.F16, arena, 3, 64, new SplittableRandom(1));
            assertThatThrownBy(() -> m.dot(3, new float[64], 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("row must be within [0, 3) but was: 3");
            assertThatThrownBy(() -> m.dot(0, new float[64], 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("vector of length 64 has no 64 elements at offset 1");
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    @DisplayName("gives bit-identical results from the first call on, whether interpreted or compiled")
    void resultsDoNotDependOnCompilationState(Format format) {
        SplittableRandom rnd = new SplittableRandom(0xDE7L + format.ordinal());
        try (Arena arena = Arena.ofConfined()) {
            FloatRowMatrix m = random(format, arena, 3, 256, rnd);
            float[] x = new float[256];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rnd.nextGaussian();
            }
            int first = Float.floatToRawIntBits(m.dot(1, x, 0));
            float[] out = new float[3];
            // enough calls for the JIT to move from the interpreter through C1 to C2
            for (int call = 0; call < 8_000; call++) {
                int bits = Float.floatToRawIntBits(m.dot(1, x, 0));
                if (bits != first) {
                    assertThat(bits).as("%s dot at call %d", format, call).isEqualTo(first);
                }
                if (call % 100 == 0) {
                    m.matvecRows(x, 0, out, 0, 0, 3);
                    assertThat(Float.floatToRawIntBits(out[1])).as("%s matvecRows at call %d", format, call).isEqualTo(first);
                }
            }
        }
    }
}
