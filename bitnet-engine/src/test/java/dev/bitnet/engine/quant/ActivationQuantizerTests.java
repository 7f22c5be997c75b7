package dev.bitnet.engine.quant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ActivationQuantizer (bitnet.cpp quantize_row_i8_s)")
class ActivationQuantizerTests {

    @Test
    @DisplayName("scales by 127 / max|x| and rounds half to even like ggml's nearest_int")
    void roundsHalfToEven() {
        float[] x = {127f, 0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 3.4f};
        byte[] q = new byte[x.length];
        float s = ActivationQuantizer.quantize(x, 0, x.length, q, 0);
        assertThat(s).isEqualTo(1.0f);
        // Math.round would give 1, 2, 3, 0, -1, -2; roundf 1, 2, 3, -1, -2, -3.
        assertThat(q).containsExactly(127, 0, 2, 2, 0, -2, -2, 3);
    }

    @Test
    @DisplayName("quantizes a hand-computed vector with an offset into both arrays")
    void quantizesWithOffsets() {
        float[] x = {99f, 1.0f, -0.5f, 0.25f, 0f};
        byte[] q = new byte[6];
        float s = ActivationQuantizer.quantize(x, 1, 4, q, 2);
        assertThat(s).isEqualTo(127f);
        // 127, -63.5 -> -64 (even), 31.75 -> 32, 0
        assertThat(q).containsExactly(0, 0, 127, -64, 32, 0);
        assertThat(ActivationQuantizer.sum(q, 2, 4)).isEqualTo(127 - 64 + 32);
    }

    @Test
    @DisplayName("gives a zero vector the scale 127 / 1e-5 and all-zero codes")
    void zeroVector() {
        byte[] q = new byte[4];
        float s = ActivationQuantizer.quantize(new float[4], 0, 4, q, 0);
        assertThat(s).isEqualTo((float) (127.0 / 0.00001));
        assertThat(q).containsOnly(0);
    }

    @Test
    @DisplayName("computes the scale in double and the product in float, as bitnet.cpp does")
    void scaleInDoubleProductInFloat() {
        float[] x = {3f, -1f, 1f};
        byte[] q = new byte[3];
        float s = ActivationQuantizer.quantize(x, 0, 3, q, 0);
        assertThat(s).isEqualTo((float) (127.0 / 3.0));
        assertThat(q[0]).isEqualTo((byte) 127);
        assertThat(q[1]).isEqualTo((byte) Math.rint(-1f * s));
        assertThat(q[1]).isEqualTo((byte) -42);
    }

    @Test
    @DisplayName("clamps to [-128, 127]")
    void clamps() {
        assertThat(ActivationQuantizer.quantizeOne(2f, 127f)).isEqualTo((byte) 127);
        assertThat(ActivationQuantizer.quantizeOne(-2f, 127f)).isEqualTo((byte) -128);
        assertThat(ActivationQuantizer.quantizeOne(-1.0039f, 127f)).isEqualTo((byte) -127);
    }
}
