package dev.bitnet.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bitnet.engine.generate.GenerationConfig;
import dev.bitnet.engine.generate.GenerationResult;
import dev.bitnet.engine.generate.InferenceEngine;
import dev.bitnet.engine.generate.Timings;
import dev.bitnet.engine.gguf.WeightLoading;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code bitnet generate FILE --prompt TEXT ...}. */
final class GenerateCommand {

    private GenerateCommand() {}

    static void run(List<String> argv, PrintStream out, PrintStream err) throws IOException {
        Set<String> valued = new HashSet<>(EngineOptions.VALUED);
        valued.addAll(Set.of("--prompt", "-p", "-n", "--n-predict", "--temp", "--top-k", "--top-p", "--seed", "-s",
                "--stop", "--format"));
        Args a = new Args("generate", argv, valued, Set.of("--no-bos"));
        Path file = Path.of(a.file());
        String prompt = a.string("--prompt", "-p");
        if (prompt == null) {
            throw new UsageException("'generate' needs --prompt TEXT");
        }
        int n = a.integer(32, 1, 1 << 20, "-n", "--n-predict");
        float temp = a.floating(0f, 0f, 100f, "--temp");
        int topK = a.integer(40, 0, Integer.MAX_VALUE, "--top-k");
        float topP = a.floating(0.95f, Float.MIN_VALUE, 1f, "--top-p");
        long seed = a.longValue(0, "--seed", "-s");
        List<String> stops = a.all("--stop");
        for (String s : stops) {
            if (s.isEmpty()) {
                throw new UsageException("option '--stop' must not be empty");
            }
        }
        boolean json = Format.parse(a) == Format.JSON;
        EngineOptions eo = EngineOptions.parse(a, WeightLoading.MMAP);

        try (InferenceEngine engine = InferenceEngine.open(file, eo.loading(), eo.backend(), eo.runnerOptions())) {
            GenerationConfig config = GenerationConfig.sampled(n, temp, topK, topP, seed).withStopStrings(stops)
                    .withAddBos(!a.flag("--no-bos"));
            if (!json) {
                config = config.withListener((i, id, text) -> {
                    out.print(text);
                    out.flush();
                });
                err.println("backend: " + engine.backendDescription());
                out.print(prompt);
                out.flush();
            }
            GenerationResult r = engine.generate(prompt, config);
            Timings t = r.timings();
            if (json) {
                Map<String, Object> root = new LinkedHashMap<>();
                root.put("model", file.toString());
                root.put("backend", engine.backendDescription());
                root.put("prompt", prompt);
                root.put("prompt_ids", r.promptTokenIds());
                root.put("generated_ids", r.generatedTokenIds());
                root.put("text", r.text());
                root.put("stop_reason", r.stopReason().name().toLowerCase(Locale.ROOT));
                Map<String, Object> timings = new LinkedHashMap<>();
                timings.put("prompt_tokens", t.promptTokens());
                timings.put("prefill_ms", t.prefillMillis());
                timings.put("prefill_tokens_per_second", t.prefillTokensPerSecond());
                timings.put("time_to_first_token_ms", t.timeToFirstTokenMillis());
                timings.put("per_token_ms", t.perTokenMillis());
                timings.put("tokens_per_second", t.tokensPerSecond());
                timings.put("total_ms", t.totalMillis());
                root.put("timings", timings);
                Map<String, Object> settings = new LinkedHashMap<>();
                settings.put("n", n);
                settings.put("temperature", temp);
                settings.put("top_k", topK);
                settings.put("top_p", topP);
                settings.put("seed", seed);
                settings.put("threads", eo.threads());
                settings.put("weights", eo.loading().name().toLowerCase(Locale.ROOT));
                settings.put("head", eo.head().name().toLowerCase(Locale.ROOT));
                root.put("settings", settings);
                out.println(new ObjectMapper().writeValueAsString(root));
            } else {
                out.println();
                err.printf(Locale.ROOT, "%n%s; stop: %s%n", t, r.stopReason().name().toLowerCase(Locale.ROOT));
            }
        }
    }
}
