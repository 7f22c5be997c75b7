package dev.bitnet.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bitnet.engine.generate.GenerationConfig;
import dev.bitnet.engine.generate.GenerationResult;
import dev.bitnet.engine.generate.InferenceEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Example: cross-validation against an external reference. When {@code -Dbitnet.cpp.dir=DIR} names
 * a bitnet.cpp build (a folder holding {@code llama-bench} and {@code llama-cli}, directly or under
 * {@code bin/} or {@code build/bin/}), this runs bitnet.cpp on the very GGUF file the engine uses and
 * compares greedy output and speed. Without it, the test is skipped and says so.
 */
@ExtendWith(Engines.class)
@DisplayName("Cross-validation against bitnet.cpp")
class CrossValidationTest {
    private static final String PROMPT = "The quick brown fox";
    private static final int NEW_TOKENS = 16;

    @Test
    @DisplayName("greedy text and generation speed agree with bitnet.cpp on the same file")
    void agreesWithBitnetCpp(InferenceEngine engine, TestReporter reporter) throws Exception {
        Path bench = tool("llama-bench");
        Path cli = tool("llama-cli");
        Path model = Engines.model(SuiteSettings.preset());
        int threads = SuiteSettings.threads();

        GenerationResult ours = engine.generate(PROMPT, GenerationConfig.greedy(NEW_TOKENS).withStopAtEos(false));
        String theirs = run(List.of(cli.toString(), "-m", model.toString(), "-p", PROMPT, "-n", String.valueOf(NEW_TOKENS),
                "--temp", "0", "--top-k", "1", "-s", "42", "-t", String.valueOf(threads), "--no-warmup"));
        // llama-cli prints the prompt followed by the generated pieces (special tokens rendered empty).
        assertThat(theirs).as("bitnet.cpp llama-cli output").startsWith(PROMPT + ours.text());

        JsonNode rows = new ObjectMapper().readTree(run(List.of(bench.toString(), "-m", model.toString(), "-p", "0",
                "-n", "32", "-t", String.valueOf(threads), "-r", "3", "-o", "json")));
        double theirsTokensPerSecond = rows.get(0).get("avg_ts").asDouble();
        double oursTokensPerSecond = engine.generate(PROMPT, GenerationConfig.greedy(32).withStopAtEos(false))
                .timings().tokensPerSecond();
        reporter.publishEntry("crossvalidation.tokens_per_second.bitnet_cpp", String.format(Locale.ROOT, "%.1f", theirsTokensPerSecond));
        reporter.publishEntry("crossvalidation.tokens_per_second.engine", String.format(Locale.ROOT, "%.1f", oursTokensPerSecond));
        assertThat(oursTokensPerSecond).as("engine tokens/s vs bitnet.cpp's %.1f", theirsTokensPerSecond)
                .isGreaterThan(0.5 * theirsTokensPerSecond);
    }

    private static Path tool(String name) {
        String dir = System.getProperty("bitnet.cpp.dir", "").strip();
        assumeTrue(!dir.isEmpty(), "no bitnet.cpp build configured: set -Dbitnet.cpp.dir=<folder with llama-bench and llama-cli>");
        for (String sub : new String[] {"", "bin", "build/bin"}) {
            Path candidate = Path.of(dir, sub, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("bitnet.cpp.dir=" + dir + " holds no executable " + name + " (looked in ., bin/ and build/bin/)");
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", command));
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("exit " + process.exitValue() + ": " + String.join(" ", command));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
