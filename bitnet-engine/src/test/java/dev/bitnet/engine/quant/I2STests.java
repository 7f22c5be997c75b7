package dev.bitnet.engine.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import dev.bitnet.engine.gguf.GgmlType;
import dev.bitnet.engine.gguf.GgufFile;
import dev.bitnet.engine.gguf.GgufTensorInfo;
import dev.bitnet.engine.gguf.WeightLoading;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("I2S")
class I2STests {

    @Test
    @DisplayName("packs a hand-computed block: byte b holds elements b, b+32, b+64, b+96 from the top bits down")
    void packsHandComputedBlock() {
        byte[] t = new byte[128];
        t[0] = 1;    // code 2 in bits 7:6 of byte 0
        t[32] = -1;  // code 0 in bits 5:4 of byte 0
        t[97] = 1;   // code 2 in bits 1:0 of byte 1
        t[127] = -1; // code 0 in bits 1:0 of byte 31
        byte[] packed = I2S.pack(t, 0.5f);

        assertThat(packed).hasSize(128 / 4 + 32);
        assertThat(packed[0] & 0xFF).isEqualTo(0b10_00_01_01);
        assertThat(packed[1] & 0xFF).isEqualTo(0b01_01_01_10);
        assertThat(packed[31] & 0xFF).isEqualTo(0b01_01_01_00);
        for (int b = 2; b < 31; b++) {
            assertThat(packed[b] & 0xFF).as("byte %d (all zeros -> code 1)", b).isEqualTo(0x55);
        }
        // 0.5f = 0x3F000000, little-endian, then 28 zero bytes
        assertThat(new byte[] {packed[32], packed[33], packed[34], packed[35]}).containsExactly(0, 0, 0, 0x3F);
        for (int i = 36; i < 64; i++) {
            assertThat(packed[i]).isZero();
        }
        MemorySegment seg = MemorySegment.ofArray(packed);
        assertThat(I2S.scale(seg, 128)).isEqualTo(0.5f);
        assertThat(I2S.codeAt(seg, 0)).isEqualTo(2);
        assertThat(I2S.codeAt(seg, 32)).isEqualTo(0);
        assertThat(I2S.codeAt(seg, 64)).isEqualTo(1);
        assertThat(I2S.codeAt(seg, 97)).isEqualTo(2);
    }

    @Test
    @DisplayName("places element i of the second block in byte 32 + i mod 32")
    void secondBlockStartsAtByte32() {
        byte[] t = new byte[256];
        t[128 + 5] = 1;
        t[128 + 64 + 5] = -1;
        byte[] packed = I2S.pack(t, 1f);
        assertThat(packed[32 + 5] & 0xFF).isEqualTo(0b10_01_00_01);
        assertThat(I2S.byteIndex(128 + 64 + 5)).isEqualTo(37);
        assertThat(I2S.shift(128 + 64 + 5)).isEqualTo(2);
    }

    @Test
    @DisplayName("unpack inverts pack for random ternary tensors")
    void roundTrips() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int blocks : new int[] {1, 2, 5, 40}) {
            byte[] t = new byte[blocks * 128];
            for (int i = 0; i < t.length; i++) {
                t[i] = (byte) (rnd.nextInt(3) - 1);
            }
            MemorySegment seg = MemorySegment.ofArray(I2S.pack(t, 0.125f));
            assertThat(I2S.unpack(seg, t.length)).containsExactly(t);
            float[] w = I2S.dequantize(seg, t.length);
            for (int i = 0; i < t.length; i++) {
                assertThat(w[i]).isEqualTo(t[i] * 0.125f);
            }
        }
    }

    @Test
    @DisplayName("code 3, which bitnet.cpp never writes, reads as 0")
    void codeThreeReadsAsZero() {
        byte[] packed = new byte[64];
        packed[0] = (byte) 0xFF;
        assertThat(I2S.unpack(MemorySegment.ofArray(packed), 128)[0]).isZero();
    }

    @Test
    @DisplayName("quantizes like bitnet.cpp's quantize_i2_s: scale max|w|, |w| < 1e-6 is zero, else the sign")
    void quantizesLikeBitnetCpp() {
        float[] w = new float[128];
        w[0] = 0.25f;
        w[1] = -0.25f;
        w[2] = 1e-7f;
        w[3] = -0.1f;
        byte[] packed = I2S.quantizeLikeBitnetCpp(w);
        MemorySegment seg = MemorySegment.ofArray(packed);
        assertThat(I2S.scale(seg, 128)).isEqualTo(0.25f);
        byte[] t = I2S.unpack(seg, 128);
        assertThat(new byte[] {t[0], t[1], t[2], t[3], t[4]}).containsExactly(1, -1, 0, -1, 0);
    }

    @Test
    @DisplayName("rejects element counts that are not whole blocks and values outside -1..1")
    void rejectsBadInput() {
        assertThatThrownBy(() -> I2S.pack(new byte[100], 1f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("I2_S element count must be a multiple of 128: 100");
        byte[] t = new byte[128];
        t[9] = 2;
        assertThatThrownBy(() -> I2S.pack(t, 1f)).hasMessage("ternary value must be -1, 0 or 1 but was 2 at index 9");
    }

    @Test
    @DisplayName("repacking bitnet.cpp's I2_S tensors reproduces their code bytes and scale bit for bit")
    void repacksBitnetCppTensorsBitExact() throws URISyntaxException {
        Path model = Path.of(getClass().getResource("/fixtures/bitnet-cpp/bitnet-256x2/model.gguf").toURI());
        try (GgufFile f = GgufFile.open(model, WeightLoading.MMAP)) {
            int checked = 0;
            for (GgufTensorInfo t : f.tensors()) {
                if (t.type() != GgmlType.I2_S) {
                    continue;
                }
                MemorySegment data = f.data(t);
                long n = t.elements();
                byte[] ternary = I2S.unpack(data, n);
                float scale = I2S.scale(data, n);
                byte[] repacked = I2S.pack(ternary, scale);
                assertThat(MemorySegment.ofArray(repacked).asSlice(0, n / 4 + 4).mismatch(data.asSlice(0, n / 4 + 4)))
                        .as("first differing byte of %s", t.name()).isEqualTo(-1);
                for (long i = 0; i < n / 4; i++) {
                    byte b = data.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i);
                    assertThat((b >> 6 & 3) != 3 && (b >> 4 & 3) != 3 && (b >> 2 & 3) != 3 && (b & 3) != 3)
                            .as("%s byte %d has no code 3", t.name(), i).isTrue();
                }
                // The generator ternarised N(0,1) weights with the absmean scale, E|W| = sqrt(2/pi),
                // and stored them as F16; quantize_i2_s then stored max|w| = that scale. So the
                // stored scale is F16-exact and near 0.798, and about 31% of the codes are zero
                // (P(|W| < scale/2)).
                assertThat(Float.float16ToFloat(Float.floatToFloat16(scale))).as("%s scale is F16-exact", t.name())
                        .isEqualTo(scale);
                assertThat((double) scale).as("%s scale", t.name()).isCloseTo(Math.sqrt(2 / Math.PI), org.assertj.core.data.Offset.offset(0.01));
                long zeros = 0;
                for (byte v : ternary) {
                    zeros += v == 0 ? 1 : 0;
                }
                assertThat((double) zeros / n).as("%s zero fraction", t.name()).isBetween(0.28, 0.34);
                checked++;
            }
            assertThat(checked).isEqualTo(14);
        }
    }
}
