package dev.bitnet.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitnet.engine.gguf.GgufFile;
import dev.bitnet.engine.gguf.WeightLoading;
import dev.bitnet.engine.quant.ActivationQuantizer;
import dev.bitnet.engine.quant.I2S;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CPU forward pass against a straightforward implementation written here: dequantized ternary
 * weights as float matrices, activations quantized with the same int8 rule, everything else in
 * double, F32 KV cache. Covers both architectures (ReLU² with GQA; SiLU with MHA and a Q8_0 embedding).
 *
 * <p>Tolerance {@value #TOLERANCE} absolute on logits of standard deviation about 2: the two differ by
 * float versus double rounding, and where that moves an activation across an int8 rounding boundary
 * the products differ by one quantization step.
 */
@DisplayName("CpuModelRunner forward pass")
class ForwardPassTests {

    static final double TOLERANCE = 2e-2;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"relu2", "silu"})
    @DisplayName("matches a plain float implementation over a prompt and three decode steps")
    void matchesReferenceImplementation(String which) {
        Path file = which.equals("relu2") ? TestModels.relu2() : TestModels.silu();
        int[] prompt = {1, 17, 230, 5, 99, 42, 300};
        int[] next = {7, 250, 3};
        try (BitNetModel model = BitNetModel.load(file, WeightLoading.MEMORY)) {
            // read the weights before the runner rearranges them (in memory, into the tiled layout)
            Reference ref = new Reference(model);
            try (CpuModelRunner runner = new CpuModelRunner(model,
                        RunnerOptions.defaults(2).withKvCache(KvCacheType.F32).withMaxBatchTokens(4));
                    Sequence seq = runner.newSequence(16)) {
            float[] logits = new float[model.config().vocab()];
            runner.forward(seq, prompt, logits); // 7 tokens in chunks of 4: chunked prefill
            double[] expected = null;
            for (int t : prompt) {
                expected = ref.step(t);
            }
            assertClose(logits, expected, "prompt");
            for (int t : next) {
                runner.forward(seq, new int[] {t}, logits);
                assertClose(logits, ref.step(t), "decode of " + t);
            }
            assertThat(seq.length()).isEqualTo(prompt.length + next.length);
            }
        }
    }

    static void assertClose(float[] actual, double[] expected, String what) {
        double max = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        assertThat(scale).as("logit scale").isGreaterThan(0.5);
        assertThat(max).as("[%s] max |logit − reference| (logits up to %.2f)", what, scale).isLessThan(TOLERANCE);
    }

    /** The float model: one token at a time, with its own KV cache. */
    static final class Reference {
        final ModelConfig c;
        final float[][] embedding; // (vocab, dim)
        final List<Layer> layers = new ArrayList<>();
        final float[] outputNorm;
        final List<double[][]> keys = new ArrayList<>();   // (layer) -> (pos, kvDim)
        final List<double[][]> values = new ArrayList<>();
        int pos;

        record Layer(float[] attnNorm, float[][] wq, float[][] wk, float[][] wv, float[] attnSubNorm, float[][] wo,
                float[] ffnNorm, float[][] gate, float[][] up, float[] ffnSubNorm, float[][] down) {}

        Reference(BitNetModel model) {
            c = model.config();
            GgufFile g = model.gguf();
            embedding = new float[c.vocab()][c.dim()];
            for (int r = 0; r < c.vocab(); r++) {
                model.weights().tokenEmbedding.row(r, embedding[r], 0);
            }
            for (int l = 0; l < c.layers(); l++) {
                String p = "blk." + l + ".";
                layers.add(new Layer(vec(g, p + "attn_norm.weight"), mat(g, p + "attn_q.weight"),
                        mat(g, p + "attn_k.weight"), mat(g, p + "attn_v.weight"), vec(g, p + "attn_sub_norm.weight"),
                        mat(g, p + "attn_output.weight"), vec(g, p + "ffn_norm.weight"), mat(g, p + "ffn_gate.weight"),
                        mat(g, p + "ffn_up.weight"), vec(g, p + "ffn_sub_norm.weight"), mat(g, p + "ffn_down.weight")));
                keys.add(new double[c.contextLength()][]);
                values.add(new double[c.contextLength()][]);
            }
            outputNorm = vec(g, "output_norm.weight");
        }

        static float[] vec(GgufFile g, String name) {
            MemorySegment d = g.data(name);
            int n = (int) g.tensor(name).elements();
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = d.get(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, 4L * i);
            }
            return v;
        }

        /** An I2_S tensor dequantized to (rows = ne1, cols = ne0): (code − 1) · scale. */
        static float[][] mat(GgufFile g, String name) {
            var t = g.tensor(name);
            int cols = (int) t.ne()[0];
            int rows = (int) t.ne()[1];
            MemorySegment d = g.data(t);
            float scale = I2S.scale(d, (long) rows * cols);
            float[][] m = new float[rows][cols];
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < cols; k++) {
                    m[r][k] = (I2S.codeAt(d, (long) r * cols + k) - 1) * scale;
                }
            }
            return m;
        }

        /** W @ x with x quantized to int8 first (per token absmax), in double. */
        static double[] bitLinear(float[][] w, double[] x) {
            float[] xf = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                xf[i] = (float) x[i];
            }
            byte[] q = new byte[x.length];
            float s = ActivationQuantizer.quantize(xf, 0, x.length, q, 0);
            double[] out = new double[w.length];
            for (int r = 0; r < w.length; r++) {
                double sum = 0;
                for (int k = 0; k < x.length; k++) {
                    sum += w[r][k] * (double) q[k];
                }
                out[r] = sum / s;
            }
            return out;
        }

        static double[] rmsnorm(double[] x, float[] w, double eps) {
            double ss = 0;
            for (double v : x) {
                ss += v * v;
            }
            double scale = 1 / Math.sqrt(ss / x.length + eps);
            double[] out = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                out[i] = x[i] * scale * w[i];
            }
            return out;
        }

        void rope(double[] v, int heads) {
            int hd = c.headDim();
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < hd / 2; i++) {
                    double theta = pos * Math.pow(c.ropeTheta(), -2.0 * i / hd);
                    double a = v[h * hd + i];
                    double b = v[h * hd + i + hd / 2];
                    v[h * hd + i] = a * Math.cos(theta) - b * Math.sin(theta);
                    v[h * hd + i + hd / 2] = a * Math.sin(theta) + b * Math.cos(theta);
                }
            }
        }

        double act(double g) {
            return c.ffnActivation() == Activation.RELU2 ? Math.pow(Math.max(g, 0), 2) : g / (1 + Math.exp(-g));
        }

        double[] step(int token) {
            int hd = c.headDim();
            double[] x = new double[c.dim()];
            for (int i = 0; i < x.length; i++) {
                x[i] = embedding[token][i];
            }
            for (int l = 0; l < c.layers(); l++) {
                Layer L = layers.get(l);
                double[] xb = rmsnorm(x, L.attnNorm(), c.rmsEps());
                double[] q = bitLinear(L.wq(), xb);
                double[] k = bitLinear(L.wk(), xb);
                double[] v = bitLinear(L.wv(), xb);
                rope(q, c.heads());
                rope(k, c.kvHeads());
                keys.get(l)[pos] = k;
                values.get(l)[pos] = v;
                double[] att = new double[c.dim()];
                for (int h = 0; h < c.heads(); h++) {
                    int kvh = h / (c.heads() / c.kvHeads());
                    double[] scores = new double[pos + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int t = 0; t <= pos; t++) {
                        double dot = 0;
                        for (int i = 0; i < hd; i++) {
                            dot += q[h * hd + i] * keys.get(l)[t][kvh * hd + i];
                        }
                        scores[t] = dot / Math.sqrt(hd);
                        max = Math.max(max, scores[t]);
                    }
                    double sum = 0;
                    for (int t = 0; t <= pos; t++) {
                        scores[t] = Math.exp(scores[t] - max);
                        sum += scores[t];
                    }
                    for (int t = 0; t <= pos; t++) {
                        for (int i = 0; i < hd; i++) {
                            att[h * hd + i] += scores[t] / sum * values.get(l)[t][kvh * hd + i];
                        }
                    }
                }
                double[] o = bitLinear(L.wo(), rmsnorm(att, L.attnSubNorm(), c.rmsEps()));
                for (int i = 0; i < x.length; i++) {
                    x[i] += o[i];
                }
                double[] xf = rmsnorm(x, L.ffnNorm(), c.rmsEps());
                double[] g = bitLinear(L.gate(), xf);
                double[] u = bitLinear(L.up(), xf);
                double[] h = new double[g.length];
                for (int i = 0; i < h.length; i++) {
                    h[i] = act(g[i]) * u[i];
                }
                double[] down = bitLinear(L.down(), rmsnorm(h, L.ffnSubNorm(), c.rmsEps()));
                for (int i = 0; i < x.length; i++) {
                    x[i] += down[i];
                }
            }
            double[] xn = rmsnorm(x, outputNorm, c.rmsEps());
            double[] logits = new double[c.vocab()];
            for (int r = 0; r < c.vocab(); r++) {
                double s = 0;
                for (int i = 0; i < c.dim(); i++) {
                    s += embedding[r][i] * xn[i];
                }
                logits[r] = s;
            }
            pos++;
            return logits;
        }
    }
}
