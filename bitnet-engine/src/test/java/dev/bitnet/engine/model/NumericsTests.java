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
    @DisplayName("reads every half float of an F16 cache exactly, also once the conversion loop is compiled")
    void convertsEveryHalf() {
        int n = 65536;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate((long) n * Short.BYTES, 64);
            for (int bits = 0; bits < n; bits++) {
                seg.setAtIndex(ValueLayout.JAVA_SHORT, bits, (short) bits);
            }
            float[] out = new float[n + 3];
            for (int rep = 0; rep < 30; rep++) { // the later repetitions run C2's vectorised loop
                java.util.Arrays.fill(out, 0f);
                Numerics.halvesToFloats(seg, 0, out, 3, n);
                for (int bits = 0; bits < n; bits++) {
                    float expected = Float.float16ToFloat((short) bits);
                    if (Float.floatToIntBits(out[3 + bits]) != Float.floatToIntBits(expected)) {
                        throw new AssertionError("half " + Integer.toHexString(bits) + " read as " + out[3 + bits]
                                + " instead of " + expected + " in repetition " + rep);
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("the vector exponential is within 2 ulp of Math.exp on [-87.3, 0] and 0 below")
    void exponential() {
        jdk.incubator.vector.VectorSpecies<Float> f = Numerics.F;
        float[] x = new float[f.length()];
        float[] e = new float[f.length()];
        java.util.Random random = new java.util.Random(7);
        double worst = 0;
        for (int rep = 0; rep < 40_000; rep++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = rep == 0 && i == 0 ? 0f : -88f * random.nextFloat() * (random.nextBoolean() ? 1f : random.nextFloat());
            }
            Numerics.exp(jdk.incubator.vector.FloatVector.fromArray(f, x, 0)).intoArray(e, 0);
            for (int i = 0; i < x.length; i++) {
                if (x[i] < -87.33654f) {
                    assertThat(e[i]).as("exp(%s)", x[i]).isZero();
                } else {
                    double exact = Math.exp(x[i]);
                    double ulps = Math.abs(e[i] - exact) / Math.ulp((float) exact);
                    worst = Math.max(worst, ulps);
                    assertThat(ulps).as("exp(%s) = %s, exactly %s", x[i], e[i], exact).isLessThanOrEqualTo(2.0);
                }
            }
        }
        x[0] = Float.NEGATIVE_INFINITY;
        x[1] = Float.NaN;
        Numerics.exp(jdk.incubator.vector.FloatVector.fromArray(f, x, 0)).intoArray(e, 0);
        assertThat(e[0]).isZero();
        assertThat(e[1]).isNaN();
        assertThat(worst).isGreaterThan(0.0); // the comparison ran
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
        float[] p = new float[64];
        p[0] = 1f;
        p[1] = 2f;
        p[2] = 3f;
        Numerics.softmax(p, 3);
        assertThat(p[0] + p[1] + p[2]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(p[2] / p[1]).isCloseTo((float) Math.E, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(Numerics.argmax(new float[] {1f, 5f, 5f, 2f}, 4)).isEqualTo(1);
        float[] v = {1f, 0f, 0f, 1f};
        float[] cos = {(float) Math.cos(0.5)}, sin = {(float) Math.sin(0.5)};
        Numerics.ropeNeox(v, 0, 2, 2, cos, sin); // two heads of 2: pairs (0,1) and (2,3)
        assertThat(v[0]).isEqualTo(cos[0]);
        assertThat(v[1]).isEqualTo(sin[0]);
        assertThat(v[2]).isEqualTo(-sin[0]);
        assertThat(v[3]).isEqualTo(cos[0]);
    }
}
