package dev.bitnet.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("QuantizedVector")
class QuantizedVectorTests {

    @Test
    @DisplayName("quantizes with s = 127/max|x|, rounding half to even, and sums the codes")
    void quantizesHandComputedCase() {
        float[] x = new float[130];
        x[2] = 2.54f;    // max |x|: s = 127 / 2.54 = 50
        x[3] = -2.54f;
        x[4] = 0.01f;    // 0.5 -> 0 (half to even)
        x[5] = 0.03f;    // 1.5 -> 2
        x[6] = -0.05f;   // -2.5 -> -2
        x[7] = 1.0f;     // 50
        QuantizedVector v = new QuantizedVector(128);
        float s = v.quantize(x, 2);
        assertThat(s).isEqualTo(127f / 2.54f);
        assertThat(v.q()[0]).isEqualTo((byte) 127);
        assertThat(v.q()[1]).isEqualTo((byte) -127);
        assertThat(v.q()[2]).isEqualTo((byte) Math.rint(0.01f * s));
        assertThat(v.q()[3]).isEqualTo((byte) 2);
        assertThat(v.q()[4]).isEqualTo((byte) -2);
        assertThat(v.q()[5]).isEqualTo((byte) 50);
        assertThat(v.sum()).isEqualTo(127 - 127 + v.q()[2] + 2 - 2 + 50);
    }

    @Test
    @DisplayName("an all-zero token gets the finite scale 127/1e-5 and zero codes")
    void zeroTokenIsFinite() {
        QuantizedVector v = new QuantizedVector(128);
        assertThat(v.quantize(new float[128], 0)).isEqualTo(127f / 1e-5f);
        assertThat(v.sum()).isZero();
    }

    @Test
    @DisplayName("keeps the telescoped activations t_j = q_j − 4·q_(j−1) in block order")
    void telescopesActivations() {
        QuantizedVector v = new QuantizedVector(128);
        v.q()[5] = 1;        // element b=5: shift 6 slice
        v.q()[32 + 5] = 2;   // shift 4
        v.q()[64 + 5] = 3;   // shift 2
        v.q()[96 + 5] = -128; // shift 0
        v.set(1f);
        short[] t = v.telescoped();
        assertThat(t[5]).isEqualTo((short) -128);
        assertThat(t[32 + 5]).isEqualTo((short) (3 + 512));
        assertThat(t[64 + 5]).isEqualTo((short) (2 - 12));
        assertThat(t[96 + 5]).isEqualTo((short) (1 - 8));
    }

    @Test
    @DisplayName("keeps the nibble tables of the tiled kernel: entry n = (n>>2)·q[e] + (n&3)·q[e+32], low nibble at 16+n")
    void buildsNibbleTables() {
        QuantizedVector v = new QuantizedVector(256);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(77);
        for (int i = 0; i < 256; i++) {
            v.q()[i] = (byte) (rnd.nextInt(256) - 128);
        }
        v.set(1f);
        short[] tables = v.nibbleTables().toArray(QuantizedVector.TABLE_ENTRY);
        for (int j = 0; j < 64; j++) {
            int e = (j / 32) * 128 + j % 32;
            for (int n = 0; n < 16; n++) {
                assertThat(tables[j * 32 + n]).as("byte %d high nibble %d", j, n).isEqualTo((short) ((n >> 2) * v.q()[e] + (n & 3) * v.q()[e + 32]));
                assertThat(tables[j * 32 + 16 + n]).as("byte %d low nibble %d", j, n).isEqualTo((short) ((n >> 2) * v.q()[e + 64] + (n & 3) * v.q()[e + 96]));
            }
        }
    }

    @Test
    @DisplayName("rejects lengths that are not whole I2_S blocks and bad scales")
    void rejectsBadInput() {
        assertThatThrownBy(() -> new QuantizedVector(100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("I2_S kernels need K (cols) to be a positive multiple of 128 but was: 100");
        QuantizedVector v = new QuantizedVector(128);
        assertThatThrownBy(() -> v.set(0f)).hasMessage("activation scale must be positive and finite: 0.0");
        assertThatThrownBy(() -> v.quantize(new float[127], 0)).hasMessage("x of length 127 has no 128 elements at offset 0");
    }

    @Test
    @DisplayName("I2sMatrix rejects K that is not a multiple of 128 and data too short for its shape")
    void matrixRejectsBadShapes() {
        var seg = java.lang.foreign.MemorySegment.ofArray(new byte[64]);
        assertThatThrownBy(() -> I2sMatrix.of(seg, 1, 200)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("I2_S kernels need K (cols) to be a positive multiple of 128 but was: 200");
        assertThatThrownBy(() -> I2sMatrix.of(seg, 2, 128)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("I2_S tensor data of 64 bytes is too small for 2 x 128, expected at least 68 bytes");
        assertThatThrownBy(() -> new I2sMatrix(seg, 0, 128, 1f)).hasMessage("rows must be positive: 0");
        assertThatThrownBy(() -> new I2sMatrix(seg, 1, 128, Float.NaN)).hasMessage("scale must be finite: NaN");
    }
}
