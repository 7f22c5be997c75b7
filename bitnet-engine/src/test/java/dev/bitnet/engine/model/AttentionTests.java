package dev.bitnet.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Attention")
class AttentionTests {

    @ParameterizedTest(name = "{0} cache, head dim {1}, {2} kv heads of {3}, {4} heads per unit, {5} positions")
    @CsvSource({
        "F16, 128, 5, 4, 2, 1",
        "F16, 128, 5, 4, 2, 16",
        "F16, 128, 5, 4, 2, 17",
        "F16, 128, 5, 4, 4, 40",
        "F32, 64, 4, 3, 3, 33",
        "F32, 64, 4, 3, 1, 15",
        "F16, 36, 2, 2, 1, 50", // a head dimension that is neither whole vectors nor a multiple of 4
    })
    @DisplayName("scores, softmax and the weighted values agree with a plain implementation over the cache")
    void matchesPlainAttention(KvCacheType type, int headDim, int kvHeads, int kvMul, int g, int n) {
        Random random = new Random(n * 31L + headDim);
        int kvDim = kvHeads * headDim;
        int heads = kvHeads * kvMul;
        float[][] keys = new float[n][kvDim];
        float[][] values = new float[n][kvDim];
        float[] q = new float[heads * headDim];
        for (int i = 0; i < q.length; i++) {
            q[i] = (float) random.nextGaussian();
        }
        int layer = 1;
        try (CpuSequence seq = new CpuSequence(null, 2, n + 3, kvHeads, headDim, type)) {
            for (int t = 0; t < n; t++) {
                for (int i = 0; i < kvDim; i++) {
                    keys[t][i] = round(type, (float) random.nextGaussian());
                    values[t][i] = round(type, (float) random.nextGaussian());
                }
                seq.store(layer, t, keys[t], values[t]);
                seq.store(0, t, new float[kvDim], new float[kvDim]); // another layer, which must not be read
            }
            float scale = (float) (1 / Math.sqrt(headDim));
            float[][] att = new float[heads][Attention.roundUp(n + 3)];
            float[] out = new float[heads * headDim];
            for (int kvHead = 0; kvHead < kvHeads; kvHead++) {
                for (int h0 = kvHead * kvMul; h0 < (kvHead + 1) * kvMul; h0 += g) {
                    Attention.scores(seq, layer, kvHead, q, h0, g, n, scale, att, new float[headDim * Attention.BLOCK]);
                    for (int h = h0; h < h0 + g; h++) {
                        Numerics.softmax(att[h], n);
                    }
                    Attention.values(seq, layer, kvHead, h0, g, n, att, out, new float[Attention.BLOCK * headDim]);
                }
            }
            for (int h = 0; h < heads; h++) {
                int kvOff = (h / kvMul) * headDim;
                double[] w = new double[n];
                double max = Double.NEGATIVE_INFINITY;
                for (int t = 0; t < n; t++) {
                    double dot = 0;
                    for (int i = 0; i < headDim; i++) {
                        dot += (double) q[h * headDim + i] * keys[t][kvOff + i];
                    }
                    w[t] = dot * scale;
                    max = Math.max(max, w[t]);
                }
                double sum = 0;
                for (int t = 0; t < n; t++) {
                    w[t] = Math.exp(w[t] - max);
                    sum += w[t];
                }
                for (int t = 0; t < n; t++) {
                    assertThat((double) att[h][t]).as("weight of head %d, position %d", h, t)
                            .isCloseTo(w[t] / sum, org.assertj.core.data.Offset.offset(1e-5));
                }
                for (int d = 0; d < headDim; d++) {
                    double expected = 0;
                    for (int t = 0; t < n; t++) {
                        expected += w[t] / sum * values[t][kvOff + d];
                    }
                    assertThat((double) out[h * headDim + d]).as("output of head %d, dimension %d", h, d)
                            .isCloseTo(expected, org.assertj.core.data.Offset.offset(2e-5));
                }
            }
        }
    }

    @Test
    @DisplayName("an infinite cached value reaches the output as in plain arithmetic (no finite-only shortcut)")
    void infiniteValuesPropagate() {
        int headDim = 32;
        try (CpuSequence seq = new CpuSequence(null, 1, 4, 1, headDim, KvCacheType.F16)) {
            float[] k = new float[headDim];
            float[] v = new float[headDim];
            v[3] = 1e6f; // beyond the half range: stored as +infinity
            seq.store(0, 0, k, v);
            float[][] att = new float[1][Attention.BLOCK];
            float[] out = new float[headDim];
            Attention.scores(seq, 0, 0, new float[headDim], 0, 1, 1, 1f, att, new float[headDim * Attention.BLOCK]);
            Numerics.softmax(att[0], 1);
            Attention.values(seq, 0, 0, 0, 1, 1, att, out, new float[Attention.BLOCK * headDim]);
            assertThat(att[0][0]).isEqualTo(1f);
            assertThat(out[3]).isEqualTo(Float.POSITIVE_INFINITY);
            assertThat(out[2]).isZero();
        }
    }

    @Test
    @DisplayName("heads per unit: the largest group whose units split evenly over the threads")
    void headsPerUnit() {
        assertThat(Attention.headsPerUnit(5, 4, 2)).isEqualTo(2); // 2B4T: 10 units, not 5
        assertThat(Attention.headsPerUnit(5, 4, 1)).isEqualTo(4);
        assertThat(Attention.headsPerUnit(4, 3, 2)).isEqualTo(3);
        assertThat(Attention.headsPerUnit(8, 1, 2)).isEqualTo(1);
    }

    private static float round(KvCacheType type, float x) {
        return type == KvCacheType.F16 ? Float.float16ToFloat(Float.floatToFloat16(x)) : x;
    }
}
