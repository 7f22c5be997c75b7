package dev.bitnet.perf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bitnet.perf.plan.Mode;
import dev.bitnet.perf.plan.Plan;
import dev.bitnet.perf.record.PerfRecord;
import dev.bitnet.perf.record.PerfRecords;
import dev.bitnet.perf.record.RecordJson;
import dev.bitnet.perf.sample.CallSample;
import dev.bitnet.perf.sample.Sample;
import dev.bitnet.perf.sample.Samples;
import dev.bitnet.perf.verdict.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("perf-junit command line")
class CliTests {
    static final String BASELINE = "{\"tokens_per_second\": [100.0, 101.0, 99.0, 100.5, 99.5, 100.2, 100.1, 99.8],"
            + " \"latency_ms\": [10.0, 10.1, 9.9, 10.05, 9.95, 10.0, 10.02, 9.98],"
            + " \"memory_usage_mb\": [512, 512, 513, 512, 511, 512, 512, 512]}";
    static final String SLOWER = "{\"tokens_per_second\": [80.0, 81.0, 79.0, 80.5, 79.5, 80.2, 80.1, 79.8],"
            + " \"latency_ms\": [12.5, 12.6, 12.4, 12.55, 12.45, 12.5, 12.52, 12.48],"
            + " \"memory_usage_mb\": [512, 513, 512, 512, 511, 512, 512, 512]}";

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {}

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(Arrays.asList(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path file(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    @Test
    @DisplayName("compare finds a 20% throughput drop critical and exits 1 with --fail-on-regression")
    void criticalRegressionFailsOnRequest() throws IOException {
        Path base = file("base.json", BASELINE);
        Path current = file("current.json", SLOWER);
        Result plain = run("compare", current.toString(), "--baseline", base.toString());
        assertThat(plain.exit()).isZero();
        assertThat(plain.out()).contains("tokens_per_second", "critical", "-20.0%").contains("Summary: 2 critical, 0 warning, 0 improvement, 1 stable.");
        Result failing = run("compare", current.toString(), "--baseline", base.toString(), "--fail-on-regression");
        assertThat(failing.exit()).isEqualTo(1);
        Result same = run("compare", base.toString(), "--baseline", base.toString(), "--fail-on-regression");
        assertThat(same.exit()).isZero();
        assertThat(same.out()).contains("Summary: 0 critical, 0 warning, 0 improvement, 3 stable.");
    }

    @Test
    @DisplayName("JSON output keeps the original script's field names")
    void jsonOutput() throws IOException {
        Path base = file("base.json", BASELINE);
        Path current = file("current.json", SLOWER);
        Result result = run("compare", current.toString(), "--baseline", base.toString(), "--format", "json", "--test", "mann-whitney",
                "--alpha", "0.01");
        assertThat(result.exit()).isZero();
        JsonNode rows = new ObjectMapper().readTree(result.out());
        assertThat(rows.isArray()).isTrue();
        assertThat(rows).hasSize(3);
        JsonNode tokens = rows.get(0);
        assertThat(tokens.get("metric_name").asText()).isEqualTo("tokens_per_second");
        assertThat(tokens.get("current_value").asDouble()).isCloseTo(80.0125, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(tokens.get("baseline_value").asDouble()).isCloseTo(100.0125, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(tokens.get("change_percent").asDouble()).isBetween(-20.0, -19.9);
        assertThat(tokens.get("statistical_significance").asDouble()).isLessThan(0.01);
        assertThat(tokens.get("severity").asText()).isEqualTo("critical");
        assertThat(tokens.get("confidence_interval")).hasSize(2);
        assertThat(tokens.get("confidence_interval").get(0).asDouble()).isLessThan(tokens.get("confidence_interval").get(1).asDouble());
        assertThat(tokens.get("test").asText()).isEqualTo("mann-whitney");
        assertThat(tokens.get("alpha").asDouble()).isEqualTo(0.01);
        assertThat(rows.get(2).get("severity").asText()).isEqualTo("stable");
    }

    @Test
    @DisplayName("compare reads perf-junit records and baselines")
    void readsPerfJunitFormats() throws IOException {
        Path recordA = record("a.json", 10_000_000L);
        Path recordB = record("b.json", 14_000_000L);
        Result result = run("compare", recordB.toString(), "--baseline", recordA.toString(), "--metrics", "latency_ms", "--format", "json");
        assertThat(result.err()).isEmpty();
        assertThat(result.exit()).isZero();
        JsonNode row = new ObjectMapper().readTree(result.out()).get(0);
        assertThat(row.get("metric_name").asText()).isEqualTo("latency_ms");
        assertThat(row.get("severity").asText()).isEqualTo("critical");

        Path baseline = file("baseline.json", "{\"schemaVersion\":1,\"testId\":\"t\",\"environmentClass\":\"c\","
                + "\"recordedAt\":\"2026-11-30T16:00:00Z\",\"metrics\":{\"latency_ms\":{\"unit\":\"ms\",\"samples\":"
                + "[10.0,10.1,9.9,10.05,9.95,10.0,10.02,9.98]}}}");
        Result againstBaseline = run("compare", recordB.toString(), "--baseline", baseline.toString(), "--metrics", "latency_ms");
        assertThat(againstBaseline.exit()).isZero();
        assertThat(againstBaseline.out()).contains("latency_ms").contains("critical");
    }

    private Path record(String name, long latencyNanos) throws IOException {
        List<Sample> samples = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            long nanos = latencyNanos + (i % 3) * latencyNanos / 200;
            samples.add(new Sample(i, nanos, List.of(new CallSample(0, nanos, CallSample.UNKNOWN, 1000, nanos)), 0, 0, 1 << 20,
                    100 << 20, 120 << 20));
        }
        Plan plan = new Plan("[engine:junit-jupiter]/[method:x()]", "x()", "x.Tests", "x()", Mode.WHOLE_METHOD, 0, 8, 1, null, Map.of());
        Samples s = new Samples(samples);
        PerfRecord record = PerfRecords.of(plan, java.time.Instant.EPOCH, java.time.Instant.EPOCH, Map.of(), s, Map.of(), List.of(),
                Verdict.of(List.of()), null);
        Path file = dir.resolve(name);
        RecordJson.write(record, file);
        return file;
    }

    @Nested
    @DisplayName("bad input exits 2 naming the file and the problem")
    class BadInput {
        @Test
        void malformedJson() throws IOException {
            Path base = file("base.json", BASELINE);
            Path broken = file("broken.json", "{\"latency_ms\": [1.0, 2.0");
            Result result = run("compare", broken.toString(), "--baseline", base.toString());
            assertThat(result.exit()).isEqualTo(2);
            assertThat(result.err()).contains("File [" + broken + "] is not valid JSON");
        }

        @Test
        void nanSample() throws IOException {
            Path base = file("base.json", BASELINE);
            Path bad = file("bad.json", BASELINE.replace("99.5", "NaN"));
            Result result = run("compare", bad.toString(), "--baseline", base.toString());
            assertThat(result.exit()).isEqualTo(2);
            assertThat(result.err()).contains("File [" + bad + "] field 'tokens_per_second[4]' must be a finite number of zero or more but was: NaN.");
        }

        @Test
        void emptySamples() throws IOException {
            Path base = file("base.json", BASELINE);
            Path bad = file("bad.json", "{\"tokens_per_second\": [], \"latency_ms\": [1], \"memory_usage_mb\": [1]}");
            Result result = run("compare", bad.toString(), "--baseline", base.toString());
            assertThat(result.exit()).isEqualTo(2);
            assertThat(result.err()).contains("field 'tokens_per_second' must hold at least one sample but is empty.");
        }

        @Test
        void differentMetricSets() throws IOException {
            Path base = file("base.json", BASELINE);
            Path other = file("other.json", "{\"latency_ms\": [1.0, 2.0]}");
            Result result = run("compare", other.toString(), "--baseline", base.toString());
            assertThat(result.exit()).isEqualTo(2);
            assertThat(result.err()).contains("File [" + base + "] holds metrics [latency_ms, memory_usage_mb, tokens_per_second] but ["
                    + other + "] holds [latency_ms]");
        }

        @Test
        void missingFileAndFlags() throws IOException {
            Path base = file("base.json", BASELINE);
            assertThat(run("compare", dir.resolve("nope.json").toString(), "--baseline", base.toString()).err())
                    .contains("File [" + dir.resolve("nope.json") + "] does not exist.");
            assertThat(run("compare", base.toString()).exit()).isEqualTo(2);
            assertThat(run("compare", base.toString(), "--baseline", base.toString(), "--alpha", "2").err())
                    .contains("--alpha must be a number in (0, 1) but was: 2");
            assertThat(run("compare", base.toString(), "--baseline", base.toString(), "--test", "z").exit()).isEqualTo(2);
            assertThat(run("compare", base.toString(), "--baseline", base.toString(), "--frmat", "json").err())
                    .contains("Unknown option --frmat");
            assertThat(run("nonsense").exit()).isEqualTo(2);
            assertThat(Files.readString(base)).isEqualTo(BASELINE);
        }
    }

    @Test
    @DisplayName("env prints the class, the fingerprint and the derived thresholds")
    void env() throws IOException {
        Result human = run("env", "--no-calibration");
        assertThat(human.exit()).isZero();
        assertThat(human.out()).startsWith("Environment class: ").contains("Fingerprint", "CPU features", "Derived for this machine",
                "memory_usage_mb max ≤", "noise band");
        Result json = run("env", "--format", "json", "--no-calibration");
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertThat(root.get("environmentClass").asText()).matches("[a-z0-9][a-z0-9.-]*");
        assertThat(root.get("fingerprint").get("cpuFeatures").isArray()).isTrue();
        assertThat(root.get("defaultThresholds").size()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void helpListsPluggableCommands() {
        Result help = run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("compare", "env");
        assertThat(Main.commands()).extracting(Subcommand::name).contains("compare", "env");
        assertThat(run("help", "compare").out()).startsWith("Usage: java -jar perf-junit.jar compare CURRENT --baseline BASELINE");
    }
}
