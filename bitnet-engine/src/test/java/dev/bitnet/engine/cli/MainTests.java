package dev.bitnet.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bitnet.engine.model.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("bitnet CLI")
class MainTests {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static void assertNoStackTrace(Run r) {
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception in thread");
    }

    @Test
    @DisplayName("usage errors exit with 2 and a message")
    void usageErrors() {
        Run none = run();
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("usage: bitnet");
        Run unknown = run("frobnicate");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown command 'frobnicate'");
        Run noPrompt = run("generate", TestModels.relu2().toString());
        assertThat(noPrompt.code()).isEqualTo(2);
        assertThat(noPrompt.err()).contains("needs --prompt");
        Run badNumber = run("bench", TestModels.relu2().toString(), "-p", "many");
        assertThat(badNumber.code()).isEqualTo(2);
        assertThat(badNumber.err()).contains("option '-p' must be an integer but was: many");
        Run badOption = run("info", "x.gguf", "--colour");
        assertThat(badOption.code()).isEqualTo(2);
        assertThat(badOption.err()).contains("unknown option '--colour'");
        Run badPreset = run("synth", "--preset", "huge", "--out", dir.resolve("m.gguf").toString());
        assertThat(badPreset.code()).isEqualTo(2);
        assertThat(badPreset.err()).contains("unknown preset 'huge'");
        assertThat(run("help").code()).isZero();
    }

    @Test
    @DisplayName("a missing file exits with 1 and names it, without a stack trace")
    void missingFile() {
        Path missing = dir.resolve("nope.gguf");
        for (String cmd : new String[] {"info", "generate", "bench"}) {
            Run r = cmd.equals("generate") ? run(cmd, missing.toString(), "--prompt", "hi") : run(cmd, missing.toString());
            assertThat(r.code()).as(cmd).isEqualTo(1);
            assertThat(r.err()).as(cmd).contains("nope.gguf");
            assertNoStackTrace(r);
        }
    }

    @Test
    @DisplayName("a file that is not GGUF, or is truncated, exits with 1 and says why")
    void badFiles() throws IOException {
        Path garbage = dir.resolve("garbage.gguf");
        Files.write(garbage, "this is not a model at all, just some text".getBytes(StandardCharsets.UTF_8));
        Run r = run("generate", garbage.toString(), "--prompt", "hi");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("garbage.gguf").containsIgnoringCase("magic");
        assertNoStackTrace(r);

        byte[] model = Files.readAllBytes(TestModels.relu2());
        Path truncated = dir.resolve("truncated.gguf");
        Files.write(truncated, java.util.Arrays.copyOf(model, model.length - 1000));
        Run t = run("bench", truncated.toString(), "-p", "4", "-n", "2", "-r", "1");
        assertThat(t.code()).isEqualTo(1);
        assertThat(t.err()).contains("truncated.gguf");
        assertNoStackTrace(t);
        Run verbose = run("info", garbage.toString(), "--verbose");
        assertThat(verbose.code()).isEqualTo(1);
        assertThat(verbose.err()).contains("\tat ");
    }

    @Test
    @DisplayName("--backend cuda without a CUDA runner exits with 1 and a clear message")
    void cudaUnavailable() {
        Run r = run("generate", TestModels.relu2().toString(), "--prompt", "hi", "--backend", "cuda");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("backend 'cuda'");
        assertNoStackTrace(r);
    }

    @Test
    @DisplayName("generate --format json prints prompt ids, generated ids, text and timings")
    void generateJson() throws IOException {
        Run r = run("generate", TestModels.relu2().toString(), "--prompt", "Hello world", "-n", "6", "--temp", "0",
                "--threads", "1", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("prompt_ids").size()).isPositive();
        assertThat(json.get("generated_ids").size()).isBetween(1, 6);
        assertThat(json.get("text").isTextual()).isTrue();
        assertThat(json.get("timings").get("prefill_ms").asDouble()).isPositive();
        assertThat(json.get("timings").get("per_token_ms").size()).isEqualTo(json.get("generated_ids").size());
        Run again = run("generate", TestModels.relu2().toString(), "--prompt", "Hello world", "-n", "6", "--format",
                "json", "--weights", "memory");
        assertThat(new ObjectMapper().readTree(again.out()).get("generated_ids")).isEqualTo(json.get("generated_ids"));
    }

    @Test
    @DisplayName("synth writes a model that info describes and bench measures")
    void synthInfoBench() throws IOException {
        Path model = dir.resolve("tiny.gguf");
        Run s = run("synth", "--preset", "tiny", "--seed", "3", "--out", model.toString());
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(model).isRegularFile();
        Run info = run("info", model.toString());
        assertThat(info.code()).isZero();
        assertThat(info.out()).contains("blk.3.ffn_down.weight").contains("I2_S").contains("bitnet-b1.58: dim 256");
        Run infoJson = run("info", model.toString(), "--format", "json");
        assertThat(new ObjectMapper().readTree(infoJson.out()).get("tensors").size()).isEqualTo(4 * 11 + 2);
        Run bench = run("bench", model.toString(), "-p", "8", "-n", "4", "-r", "2", "-t", "1", "--warmup", "0",
                "--format", "json");
        assertThat(bench.code()).as(bench.err()).isZero();
        JsonNode b = new ObjectMapper().readTree(bench.out());
        assertThat(b.get("pp_tokens_per_second").get("median").asDouble()).isPositive();
        assertThat(b.get("tg_tokens_per_second").get("samples").asInt()).isEqualTo(2);
        assertThat(b.get("weights").asText()).isEqualTo("memory");
        assertThat(b.get("read_bandwidth_gb_per_s").asDouble()).isPositive();
        assertThat(b.get("peak_rss_mib").asDouble()).isPositive();
    }
}
