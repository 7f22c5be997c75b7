package dev.bitnet.engine.cuda;

import dev.bitnet.engine.model.Activation;
import dev.bitnet.engine.model.KvCacheType;
import dev.bitnet.engine.model.ModelConfig;
import dev.bitnet.engine.model.RunnerOptions;
import dev.bitnet.engine.model.Sequence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * GPU benchmark: device copy bandwidth, the decode matrix-vector kernel at the 2B4T shapes as a
 * fraction of it, and generation / prefill rates of the 2B4T-shaped model with weights generated
 * on the device. Prints one line per figure and, with {@code --out FILE}, writes them as
 * {@code key=value} lines.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp ... dev.bitnet.engine.cuda.CudaBenchmark
 *     [--gen-tokens 256] [--prefill 512] [--reps 3] [--out figures.txt]</pre>
 *
 * <p>Every figure is the median over repetitions after a warm-up. Matrix timings cycle through
 * enough distinct copies of the matrix (well over the L2 cache) that the weights come from device
 * memory, as they do in generation; a second figure with one L2-resident copy is printed for
 * contrast only.
 *
 * @since 0.1
 */
public final class CudaBenchmark {

    private final Map<String, String> figures = new LinkedHashMap<>();

    private CudaBenchmark() {}

    public static void main(String[] args) throws IOException {
        int genTokens = 256;
        int prefill = 512;
        int reps = 3;
        Path out = null;
        Path model = null;
        Path write2b4t = null;
        boolean skipKernels = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--gen-tokens" -> genTokens = Integer.parseInt(args[++i]);
                case "--prefill" -> prefill = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--model" -> model = Path.of(args[++i]);
                case "--skip-kernels" -> skipKernels = true;
                case "--write-2b4t" -> write2b4t = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option '" + args[i]
                        + "'; expected [--gen-tokens N] [--prefill N] [--reps N] [--out FILE] [--model GGUF]"
                        + " [--skip-kernels] [--write-2b4t GGUF]");
            }
        }
        if (write2b4t != null) {
            // the engine's synthetic 2B4T-shaped model (1.19 GB), written where it is benchmarked
            long t0 = System.nanoTime();
            dev.bitnet.engine.synth.SyntheticModels.write(dev.bitnet.engine.synth.Preset.B2B4T, 1234, write2b4t);
            System.out.printf(Locale.ROOT, "synth_2b4t_write_s = %.1f%n", (System.nanoTime() - t0) / 1e9);
            return;
        }
        CudaAvailability a = CudaAvailability.probe();
        System.out.println(a);
        if (!a.usable()) {
            System.exit(2);
        }
        CudaBenchmark b = new CudaBenchmark();
        b.put("device", a.deviceName());
        b.put("compute_capability", Integer.toString(a.computeCapability()));
        b.put("driver_version", Integer.toString(a.driverVersion()));
        try (CudaContext ctx = CudaContext.open(Integer.getInteger(CudaAvailability.DEVICE_PROPERTY, 0))) {
            b.put("kernel_image", ctx.kernels().image());
            if (!skipKernels) {
                double copyGBs = b.copyBandwidth(ctx, reps);
                b.matvec(ctx, "gate_up_13824x2560", 13824, 2560, copyGBs, reps);
                b.matvec(ctx, "down_2560x6912", 2560, 6912, copyGBs, reps);
                b.matvec(ctx, "qkv_3840x2560", 3840, 2560, copyGBs, reps);
            }
            if (model == null) {
                b.deviceRandomModel(ctx, genTokens, prefill, reps);
            }
        }
        try {
            if (model != null) {
                b.synthModel(model, genTokens, prefill, reps);
            }
        } finally {
            if (out != null) {
                StringBuilder sb = new StringBuilder();
                b.figures.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
                Files.writeString(out, sb.toString(), StandardCharsets.UTF_8);
            }
        }
    }

    private void put(String key, String value) {
        figures.put(key, value);
        System.out.println(key + " = " + value);
    }

    private void put(String key, double value) {
        put(key, String.format(Locale.ROOT, "%.4g", value));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    // ---------------------------------------------------------------------------------- bandwidth

    /** @return device copy bandwidth in GB/s, counting bytes read plus bytes written */
    private double copyBandwidth(CudaContext ctx, int reps) {
        long bytes = 1L << 30;
        double[] gbs = ctx.call(() -> {
            long a = ctx.alloc(bytes);
            long b = ctx.alloc(bytes);
            try {
                ctx.memset(a, 1, bytes);
                ctx.kernels().copy(a, b, bytes / 16); // warm-up
                double[] r = new double[Math.max(reps, 5)];
                for (int i = 0; i < r.length; i++) {
                    float ms = ctx.timeMillis(() -> ctx.kernels().copy(a, b, bytes / 16));
                    r[i] = 2.0 * bytes / (ms * 1e-3) / 1e9;
                }
                return r;
            } finally {
                ctx.free(a);
                ctx.free(b);
            }
        });
        double m = median(gbs);
        put("copy_bandwidth_GBps", m);
        return m;
    }

    /**
     * Decode matrix-vector of a rows×cols I2_S matrix: bytes moved (codes, activations, scales,
     * outputs) per second over launches that cycle through copies totalling ≥ 8× the L2 cache.
     */
    private void matvec(CudaContext ctx, String name, int rows, int cols, double copyGBs, int reps) {
        long codeBytes = (long) rows * cols / 4;
        int copies = (int) Math.max(4, Math.min(96, (512L << 20) / codeBytes));
        long movedPerLaunch = codeBytes + cols + 8 + 2L * rows * Float.BYTES + (long) rows * Float.BYTES;
        double[] result = ctx.call(() -> {
            CudaKernels k = ctx.kernels();
            long[] w = new long[copies];
            long scales = ctx.alloc((long) rows * Float.BYTES);
            long xq = ctx.alloc(cols);
            long xscale = ctx.alloc(Float.BYTES);
            long xsum = ctx.alloc(Integer.BYTES);
            long out = ctx.alloc((long) rows * Float.BYTES);
            long busyBytes = 1L << 30;
            long busyA = ctx.alloc(busyBytes);
            long busyB = ctx.alloc(busyBytes);
            // a 2 GB copy (about 0.5 ms) runs ahead of each timed round, so that the host has queued
            // the round before the GPU reaches it
            Runnable busy = () -> k.copy(busyA, busyB, busyBytes / 16);
            try {
                for (int i = 0; i < copies; i++) {
                    w[i] = ctx.alloc(codeBytes);
                    k.fillTernary(w[i], codeBytes, 1000 + i);
                }
                k.fillF32(scales, rows, 1f);
                k.fillF32(xscale, 1, 1f);
                ctx.memset(xq, 3, cols);
                ctx.memset(xsum, 0, Integer.BYTES);
                Runnable round = () -> {
                    for (int i = 0; i < copies; i++) {
                        k.ternary(w[i], scales, rows, cols, xq, xscale, xsum, 1, out, rows, CudaKernels.STORE);
                    }
                };
                round.run();
                ctx.synchronize();
                // timed as CUDA graph replays: the GPU's time for the launches, not the host's
                // launch rate (each cuLaunchKernel costs the host several microseconds here)
                double[] cold = new double[Math.max(reps, 5)];
                try (CudaContext.Graph g = ctx.capture(round)) {
                    g.launch();
                    for (int r = 0; r < cold.length; r++) {
                        float ms = ctx.timeMillis(busy, g::launch);
                        cold[r] = movedPerLaunch * (double) copies / (ms * 1e-3) / 1e9;
                    }
                }
                double[] direct = new double[cold.length];
                for (int r = 0; r < direct.length; r++) {
                    float ms = ctx.timeMillis(busy, round);
                    direct[r] = movedPerLaunch * (double) copies / (ms * 1e-3) / 1e9;
                }
                Runnable hot = () -> {
                    for (int i = 0; i < copies; i++) {
                        k.ternary(w[0], scales, rows, cols, xq, xscale, xsum, 1, out, rows, CudaKernels.STORE);
                    }
                };
                double[] warm = new double[cold.length];
                try (CudaContext.Graph g = ctx.capture(hot)) {
                    g.launch();
                    for (int r = 0; r < warm.length; r++) {
                        float ms = ctx.timeMillis(busy, g::launch);
                        warm[r] = movedPerLaunch * (double) copies / (ms * 1e-3) / 1e9;
                    }
                }
                return new double[] {median(cold), median(warm), median(direct)};
            } finally {
                for (long p : w) {
                    ctx.free(p);
                }
                ctx.free(scales);
                ctx.free(xq);
                ctx.free(xscale);
                ctx.free(xsum);
                ctx.free(out);
                ctx.free(busyA);
                ctx.free(busyB);
            }
        });
        put("matvec_" + name + "_GBps", result[0]);
        put("matvec_" + name + "_fraction_of_copy_bandwidth", result[0] / copyGBs);
        put("matvec_" + name + "_us_per_launch", movedPerLaunch / (result[0] * 1e9) * 1e6);
        put("matvec_" + name + "_l2_resident_GBps", result[1]);
        put("matvec_" + name + "_direct_launches_GBps", result[2]);
    }

    // ---------------------------------------------------------------------------------- model

    /** The BitNet b1.58 2B4T shape (DESIGN.md). */
    static ModelConfig config2b4t() {
        return new ModelConfig("bitnet-b1.58", 2560, 6912, 30, 20, 5, 128, 128256, 4096, 1e-5f, 500000f,
                Activation.RELU2);
    }

    private static RunnerOptions options(int prefill) {
        return RunnerOptions.defaults(1).withKvCache(KvCacheType.F16).withMaxBatchTokens(Math.max(prefill, 64));
    }

    /** The 2B4T shape with random weights generated by kernels on the device (no file). */
    private void deviceRandomModel(CudaContext ctx, int genTokens, int prefill, int reps) {
        ModelConfig c = config2b4t();
        long t0 = System.nanoTime();
        CudaWeights w = ctx.call(() -> CudaWeights.random(ctx, c, 2024, (float) (1 / Math.sqrt(c.dim())), 0.05f));
        put("devrand_2b4t_generate_on_device_s", (System.nanoTime() - t0) / 1e9);
        put("devrand_2b4t_weight_bytes", Long.toString(w.bytes));
        try (CudaModelRunner runner = CudaModelRunner.on(ctx, w, options(prefill))) {
            model("devrand_2b4t", runner, genTokens, prefill, reps);
        } finally {
            ctx.run(w::free);
        }
    }

    /** A GGUF model (the engine's synthetic 2B4T), loaded and uploaded as users run it. */
    private void synthModel(Path file, int genTokens, int prefill, int reps) {
        long t0 = System.nanoTime();
        try (dev.bitnet.engine.model.BitNetModel m = dev.bitnet.engine.model.BitNetModel.load(file,
                dev.bitnet.engine.gguf.WeightLoading.MEMORY)) {
            put("synth_2b4t_load_s", (System.nanoTime() - t0) / 1e9);
            long t1 = System.nanoTime();
            try (CudaModelRunner runner = CudaModelRunner.open(Integer.getInteger(CudaAvailability.DEVICE_PROPERTY, 0),
                    HostModel.of(m), options(prefill))) {
                put("synth_2b4t_upload_s", (System.nanoTime() - t1) / 1e9);
                model("synth_2b4t", runner, genTokens, prefill, reps);
            }
        }
    }

    /**
     * GPU time per kernel of one decode step: the step is queued behind about 5 ms of copies so
     * that the host's launch cost does not show. Never fails the benchmark.
     */
    private void profile(String prefix, CudaModelRunner runner, Sequence seq) {
        CudaContext ctx = runner.context();
        try {
            long bytes = 1L << 30;
            long[] buffers = ctx.call(() -> new long[] {ctx.alloc(bytes), ctx.alloc(bytes)});
            try {
                Runnable busy = () -> {
                    for (int i = 0; i < 10; i++) {
                        ctx.kernels().copy(buffers[0], buffers[1], bytes / 16);
                    }
                };
                Map<String, Double> kernels = runner.profileDecodeStep(seq, 5, busy);
                double total = kernels.values().stream().mapToDouble(Double::doubleValue).sum();
                put(prefix + "_decode_step_kernel_ms_total", total);
                kernels.forEach((name, ms) -> put(prefix + "_decode_step_ms_" + name, ms));
            } finally {
                ctx.run(() -> {
                    ctx.free(buffers[0]);
                    ctx.free(buffers[1]);
                });
            }
        } catch (RuntimeException e) {
            put(prefix + "_decode_step_profile_error", e.toString());
        }
    }

    private void model(String prefix, CudaModelRunner runner, int genTokens, int prefill, int reps) {
        ModelConfig c = runner.config();
        {
            put(prefix + "_runner", runner.description());
            int capacity = Math.max(prefill, 16 + genTokens) + 8;
            try (Sequence seq = runner.newSequence(capacity)) {
                int[] prompt = new int[16];
                for (int i = 0; i < prompt.length; i++) {
                    prompt[i] = (i * 7919 + 13) % c.vocab();
                }
                // generation, batch 1, greedy with the argmax on the device
                double[] tokPerS = new double[reps];
                double[] msPerToken = new double[reps];
                List<Integer> firstTokens = new ArrayList<>();
                for (int r = -1; r < reps; r++) {               // r = -1: warm-up
                    seq.reset();
                    int token = runner.forwardGreedy(seq, prompt);
                    int steps = r < 0 ? 16 : genTokens;
                    long start = System.nanoTime();
                    for (int i = 0; i < steps; i++) {
                        token = runner.forwardGreedy(seq, new int[] {token});
                        if (r == 0 && i < 8) {
                            firstTokens.add(token);
                        }
                    }
                    double s = (System.nanoTime() - start) / 1e9;
                    if (r >= 0) {
                        tokPerS[r] = steps / s;
                        msPerToken[r] = s * 1e3 / steps;
                    }
                }
                put(prefix + "_generate_batch1_tok_per_s", median(tokPerS));
                put(prefix + "_generate_batch1_ms_per_token", median(msPerToken));
                put(prefix + "_generate_batch1_tokens", Integer.toString(genTokens));
                put(prefix + "_generate_first_tokens", firstTokens.toString());
                profile(prefix, runner, seq);
                double bytes = runner.bytesPerToken();
                put(prefix + "_generate_weight_GB_per_s", bytes * median(tokPerS) / 1e9);

                // prefill of `prefill` tokens in one step (logits of the last token to the host)
                int[] longPrompt = new int[prefill];
                for (int i = 0; i < prefill; i++) {
                    longPrompt[i] = (i * 104729 + 7) % c.vocab();
                }
                float[] logits = new float[c.vocab()];
                double[] prefillTokPerS = new double[reps];
                for (int r = -1; r < reps; r++) {
                    seq.reset();
                    long start = System.nanoTime();
                    runner.forward(seq, longPrompt, logits);
                    double s = (System.nanoTime() - start) / 1e9;
                    if (r >= 0) {
                        prefillTokPerS[r] = prefill / s;
                    }
                }
                put(prefix + "_prefill_" + prefill + "_tok_per_s", median(prefillTokPerS));
                boolean finite = true;
                for (float v : logits) {
                    finite &= Float.isFinite(v);
                }
                put(prefix + "_prefill_logits_finite", Boolean.toString(finite));
            }
            // batched decode: several sequences per step
            for (int batch : new int[] {8, 32}) {
                Sequence[] seqs = new Sequence[batch];
                try {
                    int[] tokens = new int[batch];
                    for (int i = 0; i < batch; i++) {
                        seqs[i] = runner.newSequence(64 + 16);
                        tokens[i] = runner.forwardGreedy(seqs[i], new int[] {i + 1, i + 2, i + 3, i + 4});
                    }
                    int steps = 32;
                    tokens = runner.forwardBatchGreedy(seqs, tokens); // warm-up
                    long start = System.nanoTime();
                    for (int s = 0; s < steps; s++) {
                        tokens = runner.forwardBatchGreedy(seqs, tokens);
                    }
                    double s = (System.nanoTime() - start) / 1e9;
                    put(prefix + "_generate_batch" + batch + "_tok_per_s", batch * steps / s);
                } finally {
                    for (Sequence s : seqs) {
                        if (s != null) {
                            s.close();
                        }
                    }
                }
            }
        }
    }
}
