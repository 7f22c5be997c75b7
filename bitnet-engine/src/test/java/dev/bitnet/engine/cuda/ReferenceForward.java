package dev.bitnet.engine.cuda;

import dev.bitnet.engine.kernel.I2sMatrix;
import dev.bitnet.engine.kernel.QuantizedVector;
import dev.bitnet.engine.kernel.ScalarTernaryKernel;
import dev.bitnet.engine.model.Activation;
import dev.bitnet.engine.model.ModelConfig;
import java.lang.foreign.ValueLayout;

/**
 * A straightforward scalar forward pass over a {@link HostModel}, one token at a time, written
 * from the formulas the CPU runner documents (ggml's rms_norm, NEOX RoPE with iterated float
 * angles, F16-rounded KV cache, softmax with a double sum, ReLU²/SiLU gate), with the CPU's scalar
 * ternary kernel. The GPU must reproduce it closely, and greedily token for token.
 */
final class ReferenceForward {
    private final ModelConfig c;
    private final HostModel m;
    private final boolean f16Cache;
    private final float[][] keys;     // (position, layers·kvDim)
    private final float[][] values;
    private int length;

    ReferenceForward(HostModel m, int capacity, boolean f16Cache) {
        this.c = m.config();
        this.m = m;
        this.f16Cache = f16Cache;
        keys = new float[capacity][c.layers() * c.kvDim()];
        values = new float[capacity][c.layers() * c.kvDim()];
    }

    int length() {
        return length;
    }

    /**
     * Appends one token and returns its logits. With the F16 cache, q and the head input are
     * rounded to F16, and in a {@code decode} step (one token per sequence) the attention weights
     * too, as the CPU runner mirrors ggml.
     */
    float[] forward(int token, boolean decode) {
        int dim = c.dim();
        int kvDim = c.kvDim();
        int ffn = c.ffnDim();
        int hd = c.headDim();
        int pos = length;
        float eps = c.rmsEps();
        float[] x = new float[dim];
        for (int i = 0; i < dim; i++) {
            x[i] = Float.float16ToFloat(m.tokenEmbedding().getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, (long) token * dim + i));
        }
        float thetaScale = (float) Math.pow(c.ropeTheta(), -2.0f / hd);
        float[] cos = new float[hd / 2];
        float[] sin = new float[hd / 2];
        float theta = pos;
        for (int i = 0; i < hd / 2; i++) {
            cos[i] = (float) Math.cos(theta);
            sin[i] = (float) Math.sin(theta);
            theta *= thetaScale;
        }
        QuantizedVector xq = new QuantizedVector(dim);
        QuantizedVector hq = new QuantizedVector(ffn);
        for (int l = 0; l < c.layers(); l++) {
            HostModel.Layer w = m.layers()[l];
            float[] xb = rmsnorm(x, w.attnNorm(), eps);
            xq.quantize(xb, 0);
            float[] q = matvec(w.wq(), xq);
            float[] k = matvec(w.wk(), xq);
            float[] v = matvec(w.wv(), xq);
            rope(q, c.heads(), hd, cos, sin);
            rope(k, c.kvHeads(), hd, cos, sin);
            for (int i = 0; i < kvDim; i++) {
                keys[pos][l * kvDim + i] = round(k[i]);
                values[pos][l * kvDim + i] = round(v[i]);
            }
            if (f16Cache) {
                for (int i = 0; i < dim; i++) {
                    q[i] = Float.float16ToFloat(Float.floatToFloat16(q[i]));
                }
            }
            float[] att = new float[dim];
            float scale = (float) (1.0 / Math.sqrt(hd));
            float[] scores = new float[pos + 1];
            for (int h = 0; h < c.heads(); h++) {
                int kvh = h / c.kvMul();
                for (int t = 0; t <= pos; t++) {
                    float s = 0f;
                    for (int i = 0; i < hd; i++) {
                        s += q[h * hd + i] * keys[t][l * kvDim + kvh * hd + i];
                    }
                    scores[t] = s * scale;
                }
                softmax(scores);
                if (f16Cache && decode) {
                    for (int t = 0; t <= pos; t++) {
                        scores[t] = Float.float16ToFloat(Float.floatToFloat16(scores[t]));
                    }
                }
                for (int t = 0; t <= pos; t++) {
                    for (int i = 0; i < hd; i++) {
                        att[h * hd + i] += scores[t] * values[t][l * kvDim + kvh * hd + i];
                    }
                }
            }
            float[] ab = rmsnorm(att, w.attnSubNorm(), eps);
            xq.quantize(ab, 0);
            add(x, matvec(w.wo(), xq));
            float[] fb = rmsnorm(x, w.ffnNorm(), eps);
            xq.quantize(fb, 0);
            float[] g = matvec(w.gate(), xq);
            float[] u = matvec(w.up(), xq);
            for (int i = 0; i < ffn; i++) {
                g[i] = act(c.ffnActivation(), g[i]) * u[i];
            }
            float[] hb = rmsnorm(g, w.ffnSubNorm(), eps);
            hq.quantize(hb, 0);
            add(x, matvec(w.down(), hq));
        }
        float[] xn = rmsnorm(x, m.outputNorm(), eps);
        if (f16Cache) {
            for (int i = 0; i < dim; i++) {
                xn[i] = Float.float16ToFloat(Float.floatToFloat16(xn[i]));
            }
        }
        float[] logits = new float[c.vocab()];
        for (int r = 0; r < c.vocab(); r++) {
            double s = 0;
            for (int i = 0; i < dim; i++) {
                s += Float.float16ToFloat(m.output().getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, (long) r * dim + i)) * (double) xn[i];
            }
            logits[r] = (float) s;
        }
        length++;
        return logits;
    }

    private float round(float v) {
        return f16Cache ? Float.float16ToFloat(Float.floatToFloat16(v)) : v;
    }

    static float act(Activation a, float x) {
        return switch (a) {
            case RELU2 -> {
                float r = Math.max(x, 0f);
                yield r * r;
            }
            case SILU -> x / (1f + (float) Math.exp(-x));
        };
    }

    static float[] rmsnorm(float[] x, float[] w, float eps) {
        double sum = 0;
        for (float v : x) {
            sum += v * v;
        }
        float mean = (float) (sum / x.length);
        float scale = 1f / (float) Math.sqrt(mean + eps);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (x[i] * scale) * w[i];
        }
        return out;
    }

    static float[] matvec(I2sMatrix w, QuantizedVector x) {
        float[] out = new float[w.rows()];
        ScalarTernaryKernel.INSTANCE.matvec(w, x, out, 0);
        return out;
    }

    static void rope(float[] x, int heads, int hd, float[] cos, float[] sin) {
        int half = hd / 2;
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < half; i++) {
                float x0 = x[h * hd + i];
                float x1 = x[h * hd + i + half];
                x[h * hd + i] = x0 * cos[i] - x1 * sin[i];
                x[h * hd + i + half] = x0 * sin[i] + x1 * cos[i];
            }
        }
    }

    static void softmax(float[] x) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : x) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            float e = (float) Math.exp(x[i] - max);
            x[i] = e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int i = 0; i < x.length; i++) {
            x[i] *= inv;
        }
    }

    static void add(float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) {
            x[i] += y[i];
        }
    }

    static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }
}
