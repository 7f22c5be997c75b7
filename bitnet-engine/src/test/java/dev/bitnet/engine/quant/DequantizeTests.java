package dev.bitnet.engine.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import dev.bitnet.engine.gguf.GgmlType;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Dequantize, Quantize and BlockLayouts")
class DequantizeTests {

    @Test
    @DisplayName("block layouts have ggml's static_assert-ed sizes")
    void blockLayoutSizes() {
        assertThat(BlockLayouts.Q8_0.byteSize()).isEqualTo(34).isEqualTo(GgmlType.Q8_0.typeSize());
        assertThat(BlockLayouts.Q6_K.byteSize()).isEqualTo(210).isEqualTo(GgmlType.Q6_K.typeSize());
        assertThat(BlockLayouts.Q6_K_QL).isZero();
        assertThat(BlockLayouts.Q6_K_QH).isEqualTo(128);
        assertThat(BlockLayouts.Q6_K_SCALES).isEqualTo(192);
        assertThat(BlockLayouts.Q6_K_D).isEqualTo(208);
        assertThat(BlockLayouts.I2_S_BLOCK.byteSize()).isEqualTo(I2S.BLOCK_BYTES).isEqualTo(32);
        assertThat(BlockLayouts.I2_S_TAIL.byteSize()).isEqualTo(GgmlType.I2_S_TAIL_BYTES).isEqualTo(32);
        assertThat(GgmlType.I2_S.byteSize(2560L * 6912)).isEqualTo(2560L * 6912 / 4 + 32);
    }

    @Test
    @DisplayName("dequantizes a hand-built Q8_0 block: y[j] = d * qs[j]")
    void q8_0HandBuilt() {
        byte[] block = new byte[34 * 2];
        MemorySegment seg = MemorySegment.ofArray(block);
        seg.set(BlockLayouts.F16, 0, (short) 0x3800); // 0.5
        seg.set(BlockLayouts.F16, 34, (short) 0xC000); // -2.0
        for (int j = 0; j < 32; j++) {
            block[2 + j] = (byte) (j - 16);
            block[36 + j] = (byte) (j == 0 ? -128 : j);
        }
        float[] out = new float[64];
        Dequantize.elements(GgmlType.Q8_0, seg, 0, out, 0, 64);
        for (int j = 0; j < 32; j++) {
            assertThat(out[j]).isEqualTo(0.5f * (j - 16));
            assertThat(out[32 + j]).isEqualTo(-2.0f * (j == 0 ? -128 : j));
        }
        float[] row1 = new float[32];
        Dequantize.row(GgmlType.Q8_0, seg, 1, 32, row1, 0);
        assertThat(row1[0]).isEqualTo(256f);
    }

    @Test
    @DisplayName("dequantizes a hand-built Q6_K super-block from its ql, qh, scales and d")
    void q6_KHandBuilt() {
        byte[] block = new byte[210];
        MemorySegment seg = MemorySegment.ofArray(block);
        // first half: ql = 0x21 (low nibble 1, high nibble 2), qh = 0b11_10_01_00
        // second half: ql = 0xF0 (low 0, high 15), qh = 0b00_01_10_11
        for (int i = 0; i < 64; i++) {
            block[i] = 0x21;
            block[64 + i] = (byte) 0xF0;
        }
        for (int i = 0; i < 32; i++) {
            block[128 + i] = (byte) 0b11_10_01_00;
            block[160 + i] = (byte) 0b00_01_10_11;
        }
        for (int i = 0; i < 16; i++) {
            block[192 + i] = (byte) (i % 2 == 0 ? i + 1 : -(i + 1));
        }
        seg.set(BlockLayouts.F16, 208, (short) 0x3400); // 0.25

        // q = (4 low bits | 2 high bits << 4) - 32; group g of a half uses ql[l] low, ql[l+32] low,
        // ql[l] high, ql[l+32] high and qh bits 2g+1:2g.
        int[] firstHalfQ = {(1 | 0 << 4) - 32, (1 | 1 << 4) - 32, (2 | 2 << 4) - 32, (2 | 3 << 4) - 32};
        int[] secondHalfQ = {(0 | 3 << 4) - 32, (0 | 2 << 4) - 32, (15 | 1 << 4) - 32, (15 | 0 << 4) - 32};
        float[] out = new float[256];
        Dequantize.elements(GgmlType.Q6_K, seg, 0, out, 0, 256);
        for (int e = 0; e < 256; e++) {
            int half = e / 128;
            int g = e % 128 / 32;
            int l = e % 32;
            int scaleIndex = half * 8 + l / 16 + 2 * g;
            int sc = scaleIndex % 2 == 0 ? scaleIndex + 1 : -(scaleIndex + 1);
            int q = half == 0 ? firstHalfQ[g] : secondHalfQ[g];
            assertThat(out[e]).as("element %d", e).isEqualTo(0.25f * sc * q);
        }
        assertThat(out[0]).isEqualTo(0.25f * 1 * -31);
        assertThat(out[255]).isEqualTo(0.25f * -16 * (15 - 32));
    }

    @Test
    @DisplayName("converts F16 and F32 rows")
    void f16AndF32Rows() {
        MemorySegment f16 = MemorySegment.ofArray(new byte[8]);
        Quantize.f16(new float[] {1f, -2f, 0.333333f, 65504f}, 0, 4, f16, 0);
        float[] out = new float[4];
        Dequantize.row(GgmlType.F16, f16, 0, 4, out, 0);
        assertThat(out).containsExactly(1f, -2f, Float.float16ToFloat(Float.floatToFloat16(0.333333f)), 65504f);
        assertThat(f16.get(BlockLayouts.F16, 0)).isEqualTo((short) 0x3C00);

        MemorySegment f32 = MemorySegment.ofArray(new byte[16]);
        f32.set(BlockLayouts.F32, 12, 7.5f);
        Dequantize.row(GgmlType.F32, f32, 1, 2, out, 1);
        assertThat(out[2]).isEqualTo(7.5f);
    }

    @Test
    @DisplayName("quantizes Q8_0 like quantize_row_q8_0_ref: d = max|x| / 127, roundf half away from zero")
    void q8_0Quantize() {
        float[] x = new float[32];
        x[0] = 127f;
        x[1] = 2.5f;
        x[2] = -2.5f;
        x[3] = -0.49f;
        MemorySegment seg = MemorySegment.ofArray(new byte[34]);
        Quantize.q8_0(x, 0, 32, seg, 0);
        assertThat(Float.float16ToFloat(seg.get(BlockLayouts.F16, 0))).isEqualTo(1f);
        assertThat(seg.get(ValueLayout.JAVA_BYTE, 2)).isEqualTo((byte) 127);
        assertThat(seg.get(ValueLayout.JAVA_BYTE, 3)).isEqualTo((byte) 3);
        assertThat(seg.get(ValueLayout.JAVA_BYTE, 4)).isEqualTo((byte) -3);
        assertThat(seg.get(ValueLayout.JAVA_BYTE, 5)).isEqualTo((byte) 0);
        assertThat(Quantize.roundHalfAwayFromZero(0.49999997f)).isZero();
    }

    @Test
    @DisplayName("writes Q6_K blocks that dequantize back within half a quantization step")
    void q6_KRoundTrip() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        float[] x = new float[512];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian() * (i < 256 ? 0.02f : 3f);
        }
        x[17] = 0; // a sub-block can hold zeros
        MemorySegment seg = MemorySegment.ofArray(new byte[2 * 210]);
        Quantize.q6_K(x, 0, 512, seg, 0);
        float[] back = new float[512];
        Dequantize.elements(GgmlType.Q6_K, seg, 0, back, 0, 512);
        for (int b = 0; b < 2; b++) {
            float d = Float.float16ToFloat(seg.get(BlockLayouts.F16, b * 210L + 208));
            for (int e = 0; e < 256; e++) {
                int sc = seg.get(ValueLayout.JAVA_BYTE, b * 210L + 192 + e / 16);
                assertThat(sc).isBetween(1, 127);
                float step = d * sc;
                assertThat(Math.abs(back[256 * b + e] - x[256 * b + e])).as("element %d", 256 * b + e)
                        .isLessThanOrEqualTo(step * 0.5f + 1e-6f);
            }
        }
        assertThat(back[17]).isZero();
    }

    @Test
    @DisplayName("writes a hand-computed Q6_K block: one 31 in sub-block 0, zeros elsewhere")
    void q6_KHandComputed() {
        float[] x = new float[256];
        x[0] = 31f;
        x[200] = -31f; // half 1, group 2 (ql high nibble), l = 8, sub-block 12
        MemorySegment seg = MemorySegment.ofArray(new byte[210]);
        Quantize.q6_K(x, 0, 256, seg, 0);
        float d = Float.float16ToFloat(seg.get(BlockLayouts.F16, 208));
        assertThat(d).isEqualTo(Float.float16ToFloat(Float.floatToFloat16(1f / 127)));
        assertThat(seg.get(ValueLayout.JAVA_BYTE, 192)).isEqualTo((byte) 127);
        assertThat(seg.get(ValueLayout.JAVA_BYTE, 192 + 12)).isEqualTo((byte) 127);
        assertThat(seg.get(ValueLayout.JAVA_BYTE, 192 + 1)).isEqualTo((byte) 0);
        // element 0: q = 31 -> u = 63: ql[0] low nibble 15, qh[0] bits 1:0 = 3
        assertThat(seg.get(ValueLayout.JAVA_BYTE, 0) & 0xF).isEqualTo(15);
        assertThat(seg.get(ValueLayout.JAVA_BYTE, 128) & 3).isEqualTo(3);
        // element 200: q = -31 -> u = 1: ql[64 + 8] high nibble 1, qh[32 + 8] bits 5:4 = 0
        assertThat((seg.get(ValueLayout.JAVA_BYTE, 72) & 0xFF) >> 4).isEqualTo(1);
        assertThat(seg.get(ValueLayout.JAVA_BYTE, 160 + 8) >> 4 & 3).isEqualTo(0);
        float[] back = new float[256];
        Dequantize.elements(GgmlType.Q6_K, seg, 0, back, 0, 256);
        assertThat(back[0]).isEqualTo(d * 127 * 31);
        assertThat(back[200]).isEqualTo(d * 127 * -31);
        assertThat(back[1]).isZero();
    }

    @Test
    @DisplayName("refuses types it cannot dequantize and ranges off block boundaries")
    void refusesBadRequests() {
        MemorySegment seg = MemorySegment.ofArray(new byte[64]);
        float[] out = new float[64];
        assertThatThrownBy(() -> Dequantize.elements(GgmlType.Q4_0, seg, 0, out, 0, 32))
                .hasMessage("cannot dequantize tensor type Q4_0, expected one of [F32, F16, Q8_0, Q6_K]");
        assertThatThrownBy(() -> Dequantize.elements(GgmlType.Q8_0, seg, 16, out, 0, 32))
                .hasMessage("range [16, 48) of a Q8_0 tensor must start and end on a block boundary of 32");
    }
}
