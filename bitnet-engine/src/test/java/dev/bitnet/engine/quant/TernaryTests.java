package dev.bitnet.engine.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Ternary.absmean")
class TernaryTests {

    @Test
    @DisplayName("uses mean |W| as the scale and clamps round(W / scale) to [-1, 1]")
    void handComputed() {
        // mean |w| = (0.9 + 0.1 + 0.4 + 2.0) / 4 = 0.85; w / 0.85 = 1.06, -0.12, 0.47, -2.35
        Ternary.Weights t = Ternary.absmean(new float[] {0.9f, -0.1f, 0.4f, -2.0f});
        assertThat(t.scale()).isEqualTo(0.85f);
        assertThat(t.values()).containsExactly(1, 0, 0, -1);
    }

    @Test
    @DisplayName("rounds half to even at W / scale = 0.5")
    void roundsHalfToEven() {
        // mean |w| = (1 + 0.5 + 1.5 + 1) / 4 = 1: 0.5 -> 0, 1.5 -> 2 -> clamped 1
        Ternary.Weights t = Ternary.absmean(new float[] {1f, 0.5f, -1.5f, -1f});
        assertThat(t.scale()).isEqualTo(1f);
        assertThat(t.values()).containsExactly(1, 0, -1, -1);
    }

    @Test
    @DisplayName("gives an all-zero tensor the minimum scale and zero values")
    void allZero() {
        Ternary.Weights t = Ternary.absmean(new float[8]);
        assertThat(t.scale()).isEqualTo(Ternary.MIN_SCALE);
        assertThat(t.values()).containsOnly(0);
    }

    @Test
    @DisplayName("rejects non-finite weights with their index")
    void rejectsNaN() {
        assertThatThrownBy(() -> Ternary.absmean(new float[] {1f, Float.NaN}))
                .hasMessage("weight 1 is not finite: NaN");
    }

    @Test
    @DisplayName("ternarised then I2_S-packed weights dequantize to values * scale")
    void packsToI2S() {
        float[] w = new float[256];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) Math.sin(i * 0.37);
        }
        Ternary.Weights t = Ternary.absmean(w);
        float[] back = I2S.dequantize(java.lang.foreign.MemorySegment.ofArray(I2S.pack(t.values(), t.scale())), 256);
        byte[] v = t.values();
        for (int i = 0; i < 256; i++) {
            assertThat(back[i]).isEqualTo(v[i] * t.scale());
        }
    }
}
