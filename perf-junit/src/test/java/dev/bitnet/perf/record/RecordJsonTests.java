package dev.bitnet.perf.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitnet.perf.Statistic;
import dev.bitnet.perf.plan.Mode;
import dev.bitnet.perf.plan.Plan;
import dev.bitnet.perf.sample.CallSample;
import dev.bitnet.perf.sample.Metric;
import dev.bitnet.perf.sample.Sample;
import dev.bitnet.perf.sample.Samples;
import dev.bitnet.perf.stats.SortedSample;
import dev.bitnet.perf.stats.Summary;
import dev.bitnet.perf.threshold.Bound;
import dev.bitnet.perf.threshold.Threshold;
import dev.bitnet.perf.verdict.Finding;
import dev.bitnet.perf.verdict.Status;
import dev.bitnet.perf.verdict.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordJsonTests {

    @TempDir
    Path dir;

    static PerfRecord record() {
        Plan plan = new Plan("[engine:junit-jupiter]/[method:sorts()]", "sorts()", "com.example.SortTests", "sorts()",
                Mode.WHOLE_METHOD, 1, 1, 1, Duration.ofSeconds(2), Map.of("warmup", "default"));
        Samples samples = new Samples(List.of(new Sample(1, 2_000_000,
                List.of(new CallSample(0, 2_000_000, 12, 4096, 1_900_000)), 0, 0, 1 << 20, 100 << 20, 120 << 20)));
        Summary one = SortedSample.of(2.0).summarize(); // sd and interval are NaN for one value
        Threshold threshold = Threshold.stated(Metric.LATENCY_MS, Statistic.MEDIAN, 0, Bound.AT_MOST, 5, "@LatencyAtMost")
                .scaled("environment scaling", 2);
        Verdict verdict = Verdict.of(List.of(new Finding("threshold", Status.PASSED, Metric.LATENCY_MS, "ok",
                Map.of("measured", 2.0))));
        return PerfRecords.of(plan, Instant.parse("2026-11-30T16:00:00Z"), Instant.parse("2026-11-30T16:00:01Z"),
                Map.of("os.name", "Linux", "cpu.logicalCores", 2), samples, Map.of(Metric.LATENCY_MS, one),
                List.of(threshold), verdict, null);
    }

    @Test
    void roundTripsEveryFieldAndWritesNaNAsNull() throws IOException {
        PerfRecord record = record();
        String json = RecordJson.toJson(record);
        assertThat(json).contains("\"schemaVersion\" : 1", "\"standardDeviation\" : null", "\"metric\" : \"latency_ms\"",
                "\"requiredValue\" : 10.0", "\"timeoutNanos\" : 2000000000", "\"outcome\" : \"PASSED\"");
        PerfRecord back = RecordJson.fromJson(json);
        assertThat(back.metrics().get("latency_ms").summary().standardDeviation()).isNaN();
        assertThat(back.metrics().get("latency_ms").summary().mean()).isEqualTo(2.0);
        assertThat(back.samples()).isEqualTo(record.samples());
        assertThat(back.verdict()).isEqualTo(record.verdict());
        assertThat(back.thresholds()).isEqualTo(record.thresholds());
        assertThat(back.config()).isEqualTo(record.config());
        assertThat(back.test()).isEqualTo(record.test());
    }

    @Test
    void readsRecordsWithUnknownFieldsFromNewerWriters() throws IOException {
        String json = RecordJson.toJson(record()).replaceFirst("\\{", "{ \"addedLater\" : {\"x\": 1},");
        assertThat(RecordJson.fromJson(json).test().methodName()).isEqualTo("sorts()");
    }

    @Test
    void writesAtomicallyAndNamesTheFileWhenReadingFails() throws IOException {
        Path file = dir.resolve("nested/record.json");
        RecordJson.write(record(), file);
        RecordJson.write(record(), file);
        assertThat(RecordJson.read(file).schemaVersion()).isEqualTo(PerfRecord.SCHEMA_VERSION);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary files left behind").containsExactly(file);
        }
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"schemaVersion\": 1, \"test\": ");
        assertThatThrownBy(() -> RecordJson.read(broken)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("record " + broken + " is not a valid perf-junit record: ");
        Path future = dir.resolve("future.json");
        Files.writeString(future, RecordJson.toJson(record()).replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 99"));
        assertThatThrownBy(() -> RecordJson.read(future)).isInstanceOf(IOException.class)
                .hasMessage("record " + future + " has schemaVersion 99 but this software only reads up to version 1");
    }

    @Test
    void makesSafeUniqueFileNames() {
        Path a = RecordFiles.fileFor(dir, "[engine:junit-jupiter]/[class:a.B]/[test-template:m(int)]/[test-template-invocation:#3]",
                "a.B", "m(int)", "[3] size=../../etc/passwd");
        Path b = RecordFiles.fileFor(dir, "[engine:junit-jupiter]/[class:a.B]/[test-template:m(int)]/[test-template-invocation:#4]",
                "a.B", "m(int)", "[4] size=2");
        assertThat(a.getParent()).isEqualTo(dir);
        assertThat(a.getFileName().toString()).matches("B\\.m-3-[0-9a-f]{8}\\.json");
        assertThat(b.getFileName().toString()).startsWith("B.m-4-");
        assertThat(RecordFiles.safe("Ünïcode name/with:chars*?")).isEqualTo("_n_code_name_with_chars_");
        assertThat(RecordFiles.safe("..")).isEqualTo("_.");
        assertThat(RecordFiles.safe("Outer$Inner")).isEqualTo("Outer_Inner");
        String longName = "x".repeat(500);
        assertThat(RecordFiles.fileFor(dir, "id", "a." + longName, "m()", "m()").getFileName().toString())
                .hasSize(RecordFiles.MAX_NAME_CHARS + "-12345678.json".length());
    }
}
