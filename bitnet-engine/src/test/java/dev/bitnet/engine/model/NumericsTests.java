package dev.bitnet.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Numerics")
class NumericsTests {

    @Test
    @DisplayName("reads every finite half float of an F16 cache exactly")
    void convertsEveryFiniteHalf() {
        int n = 0;
        short[] finite = new short[65536];
        for (int bits = 0; bits < 65536; bits++) {
            if ((bits & 0x7C00) != 0x7C00) {
                finite[n++] = (short) bits;
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate((long) n * Short.BYTES, 64);
            MemorySegment.copy(finite, 0, seg, ValueLayout.JAVA_SHORT, 0, n);
            float[] out = new float[n];
            Numerics.axpyHalves(1f, seg, 0, out, 0, n);
            for (int i = 0; i < n; i++) {
                float expected = Float.float16ToFloat(finite[i]);
                assertThat(Float.floatToRawIntBits(out[i] + 0f)).as("half %04x", finite[i] & 0xFFFF)
                        .isEqualTo(Float.floatToRawIntBits(expected + 0f));
            }
            float[] q = new float[n];
            java.util.Arrays.fill(q, 0f);
            q[12345] = 1f;
            float[] lanes = new float[Numerics.LANES];
            assertThat(Numerics.dotHalves(q, 0, seg, 0, n, lanes)).isEqualTo(Float.float16ToFloat(finite[12345]));
        }
    }

    @Test
    @DisplayName("rmsnorm, softmax and argmax follow their definitions")
    void smallHelpers() {
        float[] x = {3f, 4f};
        float[] out = new float[2];
        Numerics.rmsnorm(out, x, new float[] {1f, 2f}, 2, 0f);
        double rms = Math.sqrt((9 + 16) / 2.0);
        assertThat(out[0]).isCloseTo((float) (3 / rms), org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(out[1]).isCloseTo((float) (8 / rms), org.assertj.core.data.Offset.offset(1e-6f));
        float[] p = {1f, 2f, 3f};
        Numerics.softmax(p, 3);
        assertThat(p[0] + p[1] + p[2]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(p[2] / p[1]).isCloseTo((float) Math.E, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(Numerics.argmax(new float[] {1f, 5f, 5f, 2f}, 4)).isEqualTo(1);
        float[] v = {1f, 0f, 0f, 1f};
        float[] cos = {(float) Math.cos(0.5)}, sin = {(float) Math.sin(0.5)};
        Numerics.ropeNeox(v, 2, 2, cos, sin); // two heads of 2: pairs (0,1) and (2,3)
        assertThat(v[0]).isEqualTo(cos[0]);
        assertThat(v[1]).isEqualTo(sin[0]);
        assertThat(v[2]).isEqualTo(-sin[0]);
        assertThat(v[3]).isEqualTo(cos[0]);
    }
}
