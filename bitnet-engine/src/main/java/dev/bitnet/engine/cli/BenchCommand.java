package dev.bitnet.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bitnet.engine.gguf.GgufTensorInfo;
import dev.bitnet.engine.gguf.OffHeapMemory;
import dev.bitnet.engine.gguf.WeightLoading;
import dev.bitnet.engine.kernel.KernelPool;
import dev.bitnet.engine.model.BitNetModel;
import dev.bitnet.engine.model.CpuModelRunner;
import dev.bitnet.engine.model.ModelConfig;
import dev.bitnet.engine.model.ModelRunner;
import dev.bitnet.engine.model.ModelRunners;
import dev.bitnet.engine.model.Sequence;
import dev.bitnet.engine.model.Weights;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code bitnet bench FILE [-p 128] [-n 64] [-t 2] [-r 5] ...}: like llama-bench, prompt
 * processing ({@code ppP}: one forward of P random tokens) and text generation ({@code tgN}: N
 * single-token decode steps from an empty context), each repeated R times after warm-up, reported
 * as median tokens/s with min, max and standard deviation; plus time to first token, peak RSS, the
 * weight loading used, the measured read bandwidth and the fraction of the memory roofline reached
 * by generation (weight bytes read per token × tokens/s ÷ bandwidth).
 */
final class BenchCommand {

    private BenchCommand() {}

    static void run(List<String> argv, PrintStream out, PrintStream err) throws IOException {
        Set<String> valued = new HashSet<>(EngineOptions.VALUED);
        valued.addAll(Set.of("-p", "--n-prompt", "-n", "--n-gen", "-r", "--repetitions", "--warmup", "--format", "-o"));
        Args a = new Args("bench", argv, valued, Set.of());
        Path file = Path.of(a.file());
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model file does not exist or is not a file: " + file);
        }
        int p = a.integer(128, 0, 1 << 20, "-p", "--n-prompt");
        int n = a.integer(64, 0, 1 << 20, "-n", "--n-gen");
        int reps = a.integer(5, 1, 10_000, "-r", "--repetitions");
        int warmup = a.integer(1, 0, 100, "--warmup");
        boolean json = Format.parse(a) == Format.JSON;
        EngineOptions eo = EngineOptions.parse(a, WeightLoading.MEMORY);
        if (p == 0 && n == 0) {
            throw new UsageException("nothing to measure: -p and -n are both 0");
        }

        long loadStart = System.nanoTime();
        try (BitNetModel model = BitNetModel.load(file, eo.loading())) {
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            ModelConfig c = model.config();
            if (p + n > c.contextLength() || Math.max(p, n) > c.contextLength()) {
                throw new IllegalArgumentException("-p " + p + " and -n " + n + " must each fit the model's context of "
                        + c.contextLength() + " tokens");
            }
            ModelRunners.Selection sel = ModelRunners.open(model, eo.backend(), eo.runnerOptions());
            try (ModelRunner runner = sel.runner()) {
                if (!json) {
                    err.printf(Locale.ROOT, "loaded %s in %.1f s (%s weights); backend %s (%s)%n", file, loadSeconds,
                            eo.loading().name().toLowerCase(Locale.ROOT), sel.backend(), sel.reason());
                }
                // memory bandwidth: a plain streaming read of the weights, same threads
                List<MemorySegment> segments = new ArrayList<>();
                for (GgufTensorInfo t : model.gguf().tensors()) {
                    segments.add(model.gguf().data(t));
                }
                BandwidthProbe probe = new BandwidthProbe(segments, eo.threads());
                double bandwidth;
                try (KernelPool pool = new KernelPool(eo.threads())) {
                    probe.measure(pool, 1); // touch and warm
                    bandwidth = probe.measure(pool, 5);
                }

                SplittableRandom random = new SplittableRandom(1234);
                int[] prompt = random.ints(Math.max(p, 1), 0, c.vocab()).toArray();
                int[] gen = random.ints(Math.max(n, 1), 0, c.vocab()).toArray();
                float[] logits = new float[c.vocab()];
                for (int w = 0; w < warmup; w++) {
                    if (p > 0) {
                        timePrompt(runner, prompt, logits);
                    }
                    if (n > 0) {
                        timeGeneration(runner, gen, logits);
                    }
                }
                double[] ppTps = new double[p > 0 ? reps : 0];
                double[] ttftMs = new double[p > 0 ? reps : 0];
                double[] tgTps = new double[n > 0 ? reps : 0];
                for (int r = 0; r < reps; r++) {
                    if (p > 0) {
                        double ms = timePrompt(runner, prompt, logits);
                        ppTps[r] = p * 1000.0 / ms;
                        ttftMs[r] = ms;
                    }
                    if (n > 0) {
                        tgTps[r] = n * 1000.0 / timeGeneration(runner, gen, logits);
                    }
                }
                Weights w = model.weights();
                long headBytes = runner instanceof CpuModelRunner cpu ? cpu.head().byteSize() : w.output.byteSize();
                long bytesPerToken = w.bytesPerToken() - w.output.byteSize() + headBytes;
                Map<String, Long> rss = ProcStatus.read();
                report(json, out, file, model, sel, runner, eo, p, n, reps, warmup, loadSeconds, bandwidth,
                        bytesPerToken, ppTps, ttftMs, tgTps, rss);
            }
        }
    }

    /** @return milliseconds of one prefill of {@code prompt} plus sampling the first token */
    private static double timePrompt(ModelRunner runner, int[] prompt, float[] logits) {
        try (Sequence seq = runner.newSequence(prompt.length)) {
            long t0 = System.nanoTime();
            runner.forward(seq, prompt, logits);
            argmax(logits, runner.config().vocab());
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    /** @return milliseconds of {@code tokens.length} single-token decode steps from an empty context */
    private static double timeGeneration(ModelRunner runner, int[] tokens, float[] logits) {
        try (Sequence seq = runner.newSequence(tokens.length)) {
            int[] one = new int[1];
            long t0 = System.nanoTime();
            for (int token : tokens) {
                one[0] = token;
                runner.forward(seq, one, logits);
                argmax(logits, runner.config().vocab());
            }
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    private static int argmax(float[] x, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Median, min, max, mean and sample standard deviation of a sample. */
    record Stats(double median, double min, double max, double mean, double stddev, int count) {
        static Stats of(double[] v) {
            if (v.length == 0) {
                return new Stats(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
            }
            double[] s = v.clone();
            Arrays.sort(s);
            double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
            double mean = Arrays.stream(s).average().orElse(Double.NaN);
            double var = 0;
            for (double x : s) {
                var += (x - mean) * (x - mean);
            }
            double sd = s.length > 1 ? Math.sqrt(var / (s.length - 1)) : Double.NaN;
            return new Stats(median, s[0], s[s.length - 1], mean, sd, s.length);
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("median", median);
            m.put("min", min);
            m.put("max", max);
            m.put("mean", mean);
            m.put("stddev", stddev);
            m.put("samples", count);
            return m;
        }
    }

    private static void report(boolean json, PrintStream out, Path file, BitNetModel model, ModelRunners.Selection sel,
            ModelRunner runner, EngineOptions eo, int p, int n, int reps, int warmup, double loadSeconds,
            double bandwidth, long bytesPerToken, double[] ppTps, double[] ttftMs, double[] tgTps,
            Map<String, Long> rss) throws IOException {
        Stats pp = Stats.of(ppTps);
        Stats ttft = Stats.of(ttftMs);
        Stats tg = Stats.of(tgTps);
        double roofline = bytesPerToken * tg.median() / bandwidth;
        double ppOverTg = pp.median() / tg.median();
        double hwmMib = rss.getOrDefault("VmHWM", -1L) / 1024.0;
        double rssMib = rss.getOrDefault("VmRSS", -1L) / 1024.0;
        ModelConfig c = model.config();
        if (json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("model", file.toString());
            root.put("architecture", c.architecture());
            root.put("model_bytes", Files.size(file));
            root.put("backend", sel.backend().toString());
            root.put("backend_reason", sel.reason());
            root.put("runner", runner.description());
            root.put("threads", eo.threads());
            root.put("weights", eo.loading().name().toLowerCase(Locale.ROOT));
            root.put("huge_pages", eo.loading() == WeightLoading.MEMORY && OffHeapMemory.hugePagesRequested());
            root.put("head", eo.head().name().toLowerCase(Locale.ROOT));
            root.put("n_prompt", p);
            root.put("n_gen", n);
            root.put("repetitions", reps);
            root.put("warmup", warmup);
            root.put("load_seconds", loadSeconds);
            if (p > 0) {
                root.put("pp_tokens_per_second", pp.json());
                root.put("time_to_first_token_ms", ttft.json());
                root.put("pp_samples", ppTps);
            }
            if (n > 0) {
                root.put("tg_tokens_per_second", tg.json());
                root.put("tg_samples", tgTps);
            }
            root.put("pp_over_tg", ppOverTg);
            root.put("read_bandwidth_gb_per_s", bandwidth / 1e9);
            root.put("bytes_per_token", bytesPerToken);
            root.put("roofline_fraction", roofline);
            root.put("peak_rss_mib", hwmMib);
            root.put("rss_mib", rssMib);
            root.put("jvm_heap_max_mib", Runtime.getRuntime().maxMemory() / (1024.0 * 1024));
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
            return;
        }
        out.printf(Locale.ROOT, "model: %s (%s, %.2f GB)%n", file, c.architecture(), Files.size(file) / 1e9);
        out.printf(Locale.ROOT, "runner: %s%n", runner.description());
        out.printf(Locale.ROOT, "weights: %s%s, head: %s, threads: %d, repetitions: %d after %d warm-up%n",
                eo.loading().name().toLowerCase(Locale.ROOT),
                eo.loading() == WeightLoading.MEMORY && OffHeapMemory.hugePagesRequested() ? " (huge pages)" : "", eo.head().name().toLowerCase(Locale.ROOT), eo.threads(),
                reps, warmup);
        out.println();
        out.printf(Locale.ROOT, "| %-8s | %12s | %10s | %10s | %8s |%n", "test", "t/s median", "min", "max", "stddev");
        out.printf(Locale.ROOT, "|%s|%s|%s|%s|%s|%n", "-".repeat(10), "-".repeat(14), "-".repeat(12), "-".repeat(12),
                "-".repeat(10));
        if (p > 0) {
            out.printf(Locale.ROOT, "| %-8s | %12.2f | %10.2f | %10.2f | %8.2f |%n", "pp" + p, pp.median(), pp.min(),
                    pp.max(), pp.stddev());
        }
        if (n > 0) {
            out.printf(Locale.ROOT, "| %-8s | %12.2f | %10.2f | %10.2f | %8.2f |%n", "tg" + n, tg.median(), tg.min(),
                    tg.max(), tg.stddev());
        }
        out.println();
        if (p > 0) {
            out.printf(Locale.ROOT, "time to first token (pp%d): median %.1f ms (min %.1f, max %.1f)%n", p,
                    ttft.median(), ttft.min(), ttft.max());
        }
        if (p > 0 && n > 0) {
            out.printf(Locale.ROOT, "prompt processing / generation: %.2fx%n", ppOverTg);
        }
        out.printf(Locale.ROOT, "read bandwidth: %.1f GB/s (streaming read of the weights, %d threads, best of 5)%n",
                bandwidth / 1e9, eo.threads());
        if (n > 0) {
            out.printf(Locale.ROOT,
                    "memory roofline: %.3f GB/token x %.2f tok/s = %.1f GB/s = %.2f of the read bandwidth%n",
                    bytesPerToken / 1e9, tg.median(), bytesPerToken * tg.median() / 1e9, roofline);
        }
        out.printf(Locale.ROOT, "peak RSS: %.0f MiB (VmHWM; VmRSS now %.0f MiB; JVM max heap %.0f MiB)%n", hwmMib,
                rssMib, Runtime.getRuntime().maxMemory() / (1024.0 * 1024));
        out.printf(Locale.ROOT, "model load: %.1f s%n", loadSeconds);
    }
}
