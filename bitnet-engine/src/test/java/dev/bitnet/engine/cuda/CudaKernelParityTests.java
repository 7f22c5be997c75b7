package dev.bitnet.engine.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitnet.engine.kernel.I2sMatrix;
import dev.bitnet.engine.kernel.QuantizedVector;
import dev.bitnet.engine.kernel.ScalarTernaryKernel;
import dev.bitnet.engine.model.Activation;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each kernel against the CPU reference: integer parts (ternary sums, int8 codes) bit for bit,
 * float parts with the same formulas bit for bit, reductions in another order within a stated
 * tolerance.
 */
@Tag("gpu")
@DisplayName("CUDA kernels against the CPU reference")
class CudaKernelParityTests {

    private static CudaContext ctx;

    @BeforeAll
    static void open() {
        if (CudaAvailability.probe().usable()) {
            ctx = CudaContext.open(0);
        }
    }

    @BeforeEach
    void requireGpu() {
        Gpu.assumeGpu(); // each test is then reported as skipped with the probe's reason
    }

    @AfterAll
    static void close() {
        if (ctx != null) {
            ctx.close();
        }
    }

    private static long upload(byte[] data) {
        return ctx.call(() -> {
            long p = ctx.alloc(data.length);
            ctx.upload(p, data, 0, data.length);
            return p;
        });
    }

    private static long upload(float[] data) {
        return ctx.call(() -> {
            long p = ctx.alloc((long) data.length * 4);
            ctx.upload(p, data, 0, data.length);
            return p;
        });
    }

    private static long alloc(long bytes) {
        return ctx.call(() -> ctx.alloc(bytes));
    }

    private static void free(long... ps) {
        ctx.run(() -> {
            for (long p : ps) {
                ctx.free(p);
            }
        });
    }

    @ParameterizedTest(name = "{0} x {1}, {2} token(s)")
    @CsvSource({"1, 128, 1", "7, 256, 1", "33, 2560, 1", "13824, 2560, 1", "2560, 6912, 1", "65, 640, 13",
            "40, 2560, 8", "9, 384, 17", "3, 6912, 9", "5, 8320, 1", "5000, 1280, 1", "8449, 256, 1"})
    @DisplayName("ternary integer sums equal the reference bit for bit")
    void ternaryIntegerSumsEqualTheReference(int rows, int cols, int tokens) {
        SplittableRandom rnd = new SplittableRandom(rows * 31L + cols * 7L + tokens);
        byte[] codes = Synthetic.codes(rows, cols, rnd, true);       // code 3 too: the kernels multiply what is stored
        byte[] q = new byte[tokens * cols];
        rnd.nextBytes(q);
        q[0] = -128;
        q[q.length - 1] = 127;
        int[] sums = new int[tokens];
        int[] raw = new int[tokens * rows];
        long w = upload(Synthetic.pack(codes, rows, cols));
        long xPlain = upload(q);
        long xq = alloc(q.length);
        long xsum = alloc(4L * tokens);
        long xscale = upload(new float[tokens]);
        long wscale = upload(new float[rows]);
        long out = alloc(4L * tokens * rows);
        try {
            ctx.run(() -> {
                ctx.kernels().permuteInt8(xPlain, cols, xq, xsum, tokens);
                ctx.kernels().ternary(w, wscale, rows, cols, xq, xscale, xsum, tokens, out, rows, CudaKernels.RAW_INT32);
                ctx.download(raw, 0, out, raw.length);
                ctx.download(sums, 0, xsum, tokens);
            });
        } finally {
            free(w, xPlain, xq, xsum, xscale, wscale, out);
        }
        for (int t = 0; t < tokens; t++) {
            int expectedSum = 0;
            for (int k = 0; k < cols; k++) {
                expectedSum += q[t * cols + k];
            }
            assertThat(sums[t]).as("sum of token %d", t).isEqualTo(expectedSum);
            for (int r = 0; r < rows; r++) {
                int expected = Synthetic.codeDot(codes, r, cols, q, t * cols);
                if (raw[t * rows + r] != expected) {
                    assertThat(raw[t * rows + r]).as("token %d row %d", t, r).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    @DisplayName("ternary sums stay exact at the extremes (all +1 weights, activations of -128 and 127)")
    void ternarySumsStayExactAtTheExtremes() {
        int rows = 4;
        int cols = 6912;
        byte[] codes = new byte[rows * cols];
        java.util.Arrays.fill(codes, (byte) 2);
        byte[] q = new byte[2 * cols];
        java.util.Arrays.fill(q, 0, cols, (byte) -128);
        java.util.Arrays.fill(q, cols, 2 * cols, (byte) 127);
        int[] raw = new int[2 * rows];
        long w = upload(Synthetic.pack(codes, rows, cols));
        long xPlain = upload(q);
        long xq = alloc(q.length);
        long xsum = alloc(8);
        long xscale = upload(new float[2]);
        long wscale = upload(new float[rows]);
        long out = alloc(4L * raw.length);
        try {
            ctx.run(() -> {
                ctx.kernels().permuteInt8(xPlain, cols, xq, xsum, 2);
                ctx.kernels().ternary(w, wscale, rows, cols, xq, xscale, xsum, 2, out, rows, CudaKernels.RAW_INT32);
                ctx.download(raw, 0, out, raw.length);
            });
        } finally {
            free(w, xPlain, xq, xsum, xscale, wscale, out);
        }
        for (int r = 0; r < rows; r++) {
            assertThat(raw[r]).isEqualTo(2 * -128 * cols);
            assertThat(raw[rows + r]).isEqualTo(2 * 127 * cols);
        }
    }

    @ParameterizedTest(name = "{2} token(s), residual add {3}")
    @CsvSource({"96, 2560, 1, false", "96, 2560, 1, true", "50, 1280, 11, false", "50, 1280, 11, true"})
    @DisplayName("ternary float outputs equal the CPU kernel's bit for bit, also with the residual add")
    void ternaryFloatOutputsEqualTheCpuKernel(int rows, int cols, int tokens, boolean accumulate) {
        SplittableRandom rnd = new SplittableRandom(rows + cols + tokens);
        try (Arena arena = Arena.ofShared()) {
            I2sMatrix m = Synthetic.matrix(arena, rows, cols, 0.37f, rnd);
            byte[] packed = m.packed().toArray(ValueLayout.JAVA_BYTE);
            QuantizedVector[] xs = new QuantizedVector[tokens];
            byte[] q = new byte[tokens * cols];
            float[] scales = new float[tokens];
            for (int t = 0; t < tokens; t++) {
                float[] x = Synthetic.around(cols, 0f, 3f, rnd);
                xs[t] = new QuantizedVector(cols);
                scales[t] = xs[t].quantize(x, 0);
                System.arraycopy(xs[t].q(), 0, q, t * cols, cols);
            }
            float[] residual = Synthetic.around(tokens * rows, 0f, 10f, rnd);
            float[] gpu = new float[tokens * rows];
            float[] rowScales = new float[rows];
            java.util.Arrays.fill(rowScales, m.scale());
            long w = upload(packed);
            long xPlain = upload(q);
            long xq = alloc(q.length);
            long xsum = alloc(4L * tokens);
            long xscale = upload(scales);
            long wscale = upload(rowScales);
            long out = upload(residual);
            try {
                ctx.run(() -> {
                    ctx.kernels().permuteInt8(xPlain, cols, xq, xsum, tokens);
                    ctx.kernels().ternary(w, wscale, rows, cols, xq, xscale, xsum, tokens, out, rows,
                            accumulate ? CudaKernels.ACCUMULATE : CudaKernels.STORE);
                    ctx.download(gpu, 0, out, gpu.length);
                });
            } finally {
                free(w, xPlain, xq, xsum, xscale, wscale, out);
            }
            for (int t = 0; t < tokens; t++) {
                float[] cpu = new float[rows];
                ScalarTernaryKernel.INSTANCE.matvec(m, xs[t], cpu, 0);
                for (int r = 0; r < rows; r++) {
                    float expected = accumulate ? residual[t * rows + r] + cpu[r] : cpu[r];
                    assertThat(Float.floatToRawIntBits(gpu[t * rows + r])).as("token %d row %d: %s vs %s", t, r,
                            gpu[t * rows + r], expected).isEqualTo(Float.floatToRawIntBits(expected));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"PLAIN", "RELU2", "SILU"}, value = Mode.class)
    @DisplayName("RMSNorm + int8 quantization give the CPU quantizer's codes, scale and sum exactly")
    void normQuantizeEqualsTheCpuQuantizer(Mode mode) {
        int n = mode == Mode.PLAIN ? 2560 : 1280;
        int tokens = 5;
        int ld = mode == Mode.PLAIN ? n : 2 * n;
        SplittableRandom rnd = new SplittableRandom(mode.ordinal());
        float[] x = Synthetic.around(tokens * ld, 0f, 4f, rnd);
        x[3] = 0.5f / 127f * 255f; // a value landing near a rounding tie after scaling is fine either way
        float[] w = Synthetic.around(n, 1f, 0.5f, rnd);
        float eps = 1e-5f;
        byte[] gpuQ = new byte[tokens * n];
        float[] gpuScale = new float[tokens];
        int[] gpuSum = new int[tokens];
        long dx = upload(x);
        long dw = upload(w);
        long xq = alloc(gpuQ.length);
        long xscale = alloc(4L * tokens);
        long xsum = alloc(4L * tokens);
        int kernelMode = switch (mode) {
            case PLAIN -> CudaKernels.PLAIN;
            case RELU2 -> CudaKernels.RELU2_GATE;
            case SILU -> CudaKernels.SILU_GATE;
        };
        try {
            ctx.run(() -> {
                ctx.kernels().normQuantize(dx, ld, dw, eps, n, kernelMode, xq, xscale, xsum, tokens);
                ctx.download(gpuQ, 0, xq, gpuQ.length);
                ctx.download(gpuScale, 0, xscale, tokens);
                ctx.download(gpuSum, 0, xsum, tokens);
            });
        } finally {
            free(dx, dw, xq, xscale, xsum);
        }
        for (int t = 0; t < tokens; t++) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                float a = x[t * ld + i];
                v[i] = switch (mode) {
                    case PLAIN -> a;
                    case RELU2 -> ReferenceForward.act(Activation.RELU2, a) * x[t * ld + n + i];
                    case SILU -> ReferenceForward.act(Activation.SILU, a) * x[t * ld + n + i];
                };
            }
            QuantizedVector expected = new QuantizedVector(n);
            expected.quantize(ReferenceForward.rmsnorm(v, w, eps), 0);
            assertThat(Float.floatToRawIntBits(gpuScale[t])).as("scale of token %d: %s vs %s", t, gpuScale[t],
                    expected.scale()).isEqualTo(Float.floatToRawIntBits(expected.scale()));
            assertThat(gpuSum[t]).as("sum of token %d", t).isEqualTo(expected.sum());
            byte[] plain = unpermute(gpuQ, t * n, n);
            assertThat(plain).as("codes of token %d", t).isEqualTo(expected.q());
        }
    }

    enum Mode { PLAIN, RELU2, SILU }

    /** Undoes the chunk-major activation layout documented in bitnet.cu. */
    static byte[] unpermute(byte[] q, int off, int n) {
        int chunks = n / 64;
        byte[] out = new byte[n];
        for (int k = 0; k < n; k++) {
            int block = k >> 7;
            int e = k & 127;
            int j = e >> 5;
            int within = e & 31;
            int c = block * 2 + (within >> 4);
            out[k] = q[off + (j * chunks + c) * 16 + (within & 15)];
        }
        return out;
    }

    @Test
    @DisplayName("the final RMSNorm equals the CPU formula bit for bit")
    void rmsnormEqualsTheCpuFormula() {
        int n = 2560;
        int tokens = 3;
        SplittableRandom rnd = new SplittableRandom(5);
        float[] x = Synthetic.around(tokens * n, 0f, 20f, rnd);
        float[] w = Synthetic.around(n, 1f, 0.5f, rnd);
        float[] gpu = new float[tokens * n];
        long dx = upload(x);
        long dw = upload(w);
        long dy = alloc(4L * gpu.length);
        try {
            ctx.run(() -> {
                ctx.kernels().rmsnorm(dx, n, dw, 1e-5f, n, dy, n, tokens, false);
                ctx.download(gpu, 0, dy, gpu.length);
            });
        } finally {
            free(dx, dw, dy);
        }
        for (int t = 0; t < tokens; t++) {
            float[] row = java.util.Arrays.copyOfRange(x, t * n, (t + 1) * n);
            float[] expected = ReferenceForward.rmsnorm(row, w, 1e-5f);
            for (int i = 0; i < n; i++) {
                assertThat(Float.floatToRawIntBits(gpu[t * n + i])).as("token %d element %d", t, i)
                        .isEqualTo(Float.floatToRawIntBits(expected[i]));
            }
        }
    }

    @ParameterizedTest(name = "{0} token(s)")
    @CsvSource({"1", "3", "6"})
    @DisplayName("the F16 head matches a double-precision reference within 1e-5 of the row's L1 mass")
    void f16HeadMatchesTheReference(int tokens) {
        int rows = 1000;
        int cols = 2560;
        SplittableRandom rnd = new SplittableRandom(tokens);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment w = Synthetic.f16(arena, (long) rows * cols, 1f, rnd);
            float[] x = Synthetic.around(tokens * cols, 0f, 2f, rnd);
            float[] gpu = new float[tokens * rows];
            long dw = ctx.call(() -> {
                long p = ctx.alloc(w.byteSize());
                ctx.upload(p, w, w.byteSize());
                return p;
            });
            long dx = upload(x);
            long dout = alloc(4L * gpu.length);
            try {
                ctx.run(() -> {
                    ctx.kernels().f16Gemv(dw, rows, cols, dx, cols, tokens, dout, rows);
                    ctx.download(gpu, 0, dout, gpu.length);
                });
            } finally {
                free(dw, dx, dout);
            }
            for (int t = 0; t < tokens; t++) {
                for (int r = 0; r < rows; r++) {
                    double s = 0;
                    double mass = 0;
                    for (int k = 0; k < cols; k++) {
                        double p = Float.float16ToFloat(w.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, (long) r * cols + k))
                                * (double) x[t * cols + k];
                        s += p;
                        mass += Math.abs(p);
                    }
                    assertThat((double) gpu[t * rows + r]).as("token %d row %d", t, r)
                            .isCloseTo(s, org.assertj.core.data.Offset.offset(1e-5 * mass + 1e-6));
                }
            }
        }
    }

    @ParameterizedTest(name = "F16 roundings {0}")
    @CsvSource({"true", "false"})
    @DisplayName("RoPE and the KV-cache store equal the CPU formulas bit for bit; attention matches within 1e-5")
    void ropeAndAttentionMatchTheCpuFormulas(boolean f16) {
        int heads = 4;
        int kvHeads = 2;
        int hd = 64;
        int layers = 2;
        int layer = 1;
        int tokens = 5;
        int dim = heads * hd;
        int kvDim = kvHeads * hd;
        int ld = dim + 2 * kvDim;
        float theta = 500000f;
        float thetaScale = (float) Math.pow(theta, -2.0f / hd);
        SplittableRandom rnd = new SplittableRandom(f16 ? 1 : 2);
        float[] qkv = Synthetic.around(tokens * ld, 0f, 2f, rnd);
        int half = hd / 2;
        int[] meta = new int[tokens * (3 + hd)];          // ids | positions | sequences | cos | sin
        int start = 37;                                   // earlier positions hold random cache entries
        for (int t = 0; t < tokens; t++) {
            meta[tokens + t] = start + t;
            float th = start + t;
            for (int i = 0; i < half; i++) {
                meta[3 * tokens + t * half + i] = Float.floatToRawIntBits((float) Math.cos(th));
                meta[3 * tokens + tokens * half + t * half + i] = Float.floatToRawIntBits((float) Math.sin(th));
                th *= thetaScale;
            }
        }
        int capacity = start + tokens;
        float[] kcache = Synthetic.around(capacity * layers * kvDim, 0f, 1f, rnd);
        float[] vcache = Synthetic.around(capacity * layers * kvDim, 0f, 1f, rnd);
        if (f16) {
            for (int i = 0; i < kcache.length; i++) {
                kcache[i] = Float.float16ToFloat(Float.floatToFloat16(kcache[i]));
                vcache[i] = Float.float16ToFloat(Float.floatToFloat16(vcache[i]));
            }
        }
        float[] gpuQkv = new float[qkv.length];
        float[] gpuK = new float[kcache.length];
        float[] gpuV = new float[vcache.length];
        float[] gpuOut = new float[tokens * dim];
        long dQkv = upload(qkv);
        long dK = upload(kcache);
        long dV = upload(vcache);
        long dMeta = ctx.call(() -> {
            long p = ctx.alloc(4L * meta.length);
            ctx.upload(p, meta, 0, meta.length);
            return p;
        });
        long dPtrs = ctx.call(() -> {
            long p = ctx.alloc(16);
            ctx.upload(p, new long[] {dK, dV}, 0, 2);
            return p;
        });
        long dOut = alloc(4L * gpuOut.length);
        float scale = (float) (1.0 / Math.sqrt(hd));
        try {
            ctx.run(() -> {
                long dPos = dMeta + 4L * tokens;
                long dSeq = dMeta + 8L * tokens;
                long dCos = dMeta + 12L * tokens;
                long dSin = dCos + 4L * tokens * half;
                ctx.kernels().ropeStore(dQkv, ld, dPos, dSeq, dPtrs, dPtrs + 8, dCos, dSin, layer, layers, heads, kvHeads,
                        hd, f16 ? 1 : 0, f16 ? 1 : 0, tokens);
                ctx.kernels().attention(dQkv, ld, dPos, dSeq, dPtrs, dPtrs + 8, layer, layers, heads, kvHeads, hd, scale,
                        f16, dOut, dim, tokens, start + tokens - 1);
                ctx.download(gpuQkv, 0, dQkv, gpuQkv.length);
                ctx.download(gpuK, 0, dK, gpuK.length);
                ctx.download(gpuV, 0, dV, gpuV.length);
                ctx.download(gpuOut, 0, dOut, gpuOut.length);
            });
        } finally {
            free(dQkv, dK, dV, dMeta, dPtrs, dOut);
        }
        // the CPU formulas (ReferenceForward), row by row
        for (int t = 0; t < tokens; t++) {
            int pos = start + t;
            float[] cos = new float[hd / 2];
            float[] sin = new float[hd / 2];
            float th = pos;
            for (int i = 0; i < hd / 2; i++) {
                cos[i] = (float) Math.cos(th);
                sin[i] = (float) Math.sin(th);
                th *= thetaScale;
            }
            float[] q = java.util.Arrays.copyOfRange(qkv, t * ld, t * ld + dim);
            float[] k = java.util.Arrays.copyOfRange(qkv, t * ld + dim, t * ld + dim + kvDim);
            float[] v = java.util.Arrays.copyOfRange(qkv, t * ld + dim + kvDim, t * ld + ld);
            ReferenceForward.rope(q, heads, hd, cos, sin);
            ReferenceForward.rope(k, kvHeads, hd, cos, sin);
            for (int i = 0; i < dim; i++) {
                float expected = f16 ? Float.float16ToFloat(Float.floatToFloat16(q[i])) : q[i];
                assertThat(Float.floatToRawIntBits(gpuQkv[t * ld + i])).as("q of token %d element %d: %s vs %s", t, i,
                        gpuQkv[t * ld + i], expected).isEqualTo(Float.floatToRawIntBits(expected));
                q[i] = expected;
            }
            int base = (pos * layers + layer) * kvDim;
            for (int i = 0; i < kvDim; i++) {
                float ek = f16 ? Float.float16ToFloat(Float.floatToFloat16(k[i])) : k[i];
                float ev = f16 ? Float.float16ToFloat(Float.floatToFloat16(v[i])) : v[i];
                assertThat(Float.floatToRawIntBits(gpuK[base + i])).as("k of token %d element %d", t, i)
                        .isEqualTo(Float.floatToRawIntBits(ek));
                assertThat(Float.floatToRawIntBits(gpuV[base + i])).as("v of token %d element %d", t, i)
                        .isEqualTo(Float.floatToRawIntBits(ev));
                kcache[base + i] = ek;
                vcache[base + i] = ev;
            }
        }
        for (int t = 0; t < tokens; t++) {
            int pos = start + t;
            for (int h = 0; h < heads; h++) {
                int kvh = h / (heads / kvHeads);
                float[] scores = new float[pos + 1];
                for (int p = 0; p <= pos; p++) {
                    double s = 0;
                    for (int i = 0; i < hd; i++) {
                        s += (double) gpuQkv[t * ld + h * hd + i] * kcache[(p * layers + layer) * kvDim + kvh * hd + i];
                    }
                    scores[p] = (float) s * scale;
                }
                ReferenceForward.softmax(scores);
                if (f16) {
                    for (int p = 0; p <= pos; p++) {
                        scores[p] = Float.float16ToFloat(Float.floatToFloat16(scores[p]));
                    }
                }
                for (int i = 0; i < hd; i++) {
                    double o = 0;
                    double mass = 0;
                    for (int p = 0; p <= pos; p++) {
                        double term = (double) scores[p] * vcache[(p * layers + layer) * kvDim + kvh * hd + i];
                        o += term;
                        mass += Math.abs(term);
                    }
                    assertThat((double) gpuOut[t * dim + h * hd + i]).as("attention of token %d head %d dim %d", t, h, i)
                            .isCloseTo(o, org.assertj.core.data.Offset.offset(1e-4 * mass + 1e-6));
                }
            }
        }
    }

    @Test
    @DisplayName("argmax returns the first index of the largest value")
    void argmaxReturnsTheFirstLargest() {
        int n = 128256;
        float[] logits = Synthetic.around(2 * n, 0f, 5f, new SplittableRandom(9));
        logits[77_777] = 50f;
        logits[100_001] = 50f;               // tie: the lower index wins
        logits[n + n - 1] = 60f;             // last element of row 2
        int[] best = new int[2];
        long d = upload(logits);
        long out = alloc(8);
        try {
            ctx.run(() -> {
                ctx.kernels().argmax(d, n, n, out, 2);
                ctx.download(best, 0, out, 2);
            });
        } finally {
            free(d, out);
        }
        assertThat(best).containsExactly(77_777, n - 1);
    }
}
