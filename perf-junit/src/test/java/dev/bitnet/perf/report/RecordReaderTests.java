package dev.bitnet.perf.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Reading records")
class RecordReaderTests {

    @TempDir
    Path dir;

    private void writeGood(String name, TestResult test) throws IOException {
        Files.writeString(dir.resolve(name), ReportJson.MAPPER.writeValueAsString(ReportJson.toJson(test)));
    }

    @Test
    @DisplayName("shows broken records as broken, naming file and problem, and reads the rest")
    void brokenRecordsAreReportedAndTheRestIsRead() throws IOException {
        writeGood("a-good.json", ReportFixtures.regressed());
        String full = ReportJson.MAPPER.writeValueAsString(ReportJson.toJson(ReportFixtures.stable("p")));
        Files.writeString(dir.resolve("b-truncated.json"), full.substring(0, full.length() / 2));
        Files.writeString(dir.resolve("c-empty.json"), "");
        Files.writeString(dir.resolve("d-wrong-type.json"), full.replaceFirst("\"samples\" : \\[", "\"samples\" : [ \"fast\", "));
        Files.writeString(dir.resolve("e-not-an-object.json"), "[1, 2, 3]");
        Files.writeString(dir.resolve("f-bad-outcome.json"), full.replace("\"PASSED\"", "\"MAYBE\""));
        Files.writeString(dir.resolve(".g.json.123.tmp"), "{half");   // interrupted atomic write: ignored
        Files.writeString(dir.resolve("notes.txt"), "not a record");

        RecordReader.Records records = RecordReader.readDirectory(dir);

        assertThat(records.tests()).extracting(TestResult::displayName).containsExactly("decode(batch=4)");
        assertThat(records.broken()).extracting(b -> Path.of(b.file()).getFileName().toString())
                .containsExactly("b-truncated.json", "c-empty.json", "d-wrong-type.json", "e-not-an-object.json",
                        "f-bad-outcome.json");
        assertThat(records.broken().get(0).problem()).startsWith("not valid JSON (truncated or hand-edited?)").contains("line");
        assertThat(records.broken().get(1).problem()).isEqualTo("the file is empty");
        assertThat(records.broken().get(2).problem()).isEqualTo("field 'metrics[0].samples[0]' must be a number but was: \"fast\"");
        assertThat(records.broken().get(3).problem()).isEqualTo("'record' must be a JSON object but was: [1,2,3]");
        assertThat(records.broken().get(4).problem()).startsWith("field 'outcome' must be one of [FAILED, ABORTED, PASSED, SKIPPED] but was: \"MAYBE\"");
    }

    @Test
    @DisplayName("the report of a directory with broken records is still written in full")
    void reportIsWrittenDespiteBrokenRecords(@TempDir Path out) throws IOException {
        writeGood("good.json", ReportFixtures.stable("prefill(seq=128)"));
        Files.writeString(dir.resolve("broken.json"), "{\"id\": ");
        RunReport report = ReportFiles.build(dir, List.of());
        ReportFiles.write(report, out, name -> null);
        assertThat(Files.readString(out.resolve("PERFORMANCE.md"))).contains("prefill(seq=128)").contains("## Broken records")
                .contains("broken.json");
        assertThat(Files.readString(out.resolve("report.html"))).contains("prefill(seq=128)").contains("Broken records");
    }

    @Test
    @DisplayName("a missing directory holds no records")
    void missingDirectory() throws IOException {
        RecordReader.Records records = RecordReader.readDirectory(dir.resolve("absent"));
        assertThat(records.tests()).isEmpty();
        assertThat(records.broken()).isEmpty();
    }

    @Test
    @DisplayName("a summary missing from a record is computed from its samples")
    void summaryComputedWhenMissing() throws IOException {
        String json = "{\"id\":\"t\",\"outcome\":\"passed\",\"metrics\":[{\"name\":\"latency_ms\",\"samples\":[1,2,3,4,5]}]}";
        Files.writeString(dir.resolve("t.json"), json);
        TestResult test = RecordReader.readDirectory(dir).tests().get(0);
        SummaryStats s = test.metrics().get(0).summary();
        assertThat(s.n()).isEqualTo(5);
        assertThat(s.median()).isEqualTo(3.0);
        // mean 3, sd sqrt(2.5), t(0.975, 4) = 2.776445 -> half width 1.963243
        assertThat(s.ciLow()).isCloseTo(3 - 1.963243, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(test.displayName()).isEqualTo("t");
    }

    @Test
    @DisplayName("history lines of this run's tests become trend points; a cut-off line is broken, the rest is read")
    void historyOfTheBaselineStore(@TempDir Path baselines) throws IOException {
        writeGood("decode.json", ReportFixtures.regressed());
        String id = ReportFixtures.regressed().id();
        Path history = Files.createDirectories(baselines.resolve("amd-2c")).resolve("history.jsonl");
        Files.writeString(history, String.join("\n",
                "{\"schemaVersion\":1,\"runId\":\"r1\",\"time\":\"2026-11-28T10:00:00Z\",\"commit\":\"abc\",\"testId\":\"" + id
                        + "\",\"environmentClass\":\"amd-2c\",\"loaded\":false,\"metrics\":{\"latency_ms\":{\"n\":7,\"mean\":10.2,\"median\":10.1}}}",
                "{\"schemaVersion\":1,\"runId\":\"r2\",\"time\":\"2026-11-29T10:00:00Z\",\"commit\":null,\"testId\":\"other\","
                        + "\"environmentClass\":\"amd-2c\",\"loaded\":false,\"metrics\":{\"latency_ms\":{\"n\":7,\"mean\":5,\"median\":5}}}",
                "{\"schemaVersion\":1,\"runId\":\"r3\",\"time\":\"2026-11-30T10:00:00Z\",\"testId\":\"" + id
                        + "\",\"environmentClass\":\"amd-2c\",\"metrics\":{\"latency_ms\":{\"n\":7,\"mean\":13.0}}}",
                "{\"schemaVersion\":1,\"runId\":\"r4\",\"ti"));
        RunReport report = ReportFiles.build(dir, PerformanceReportListener.historyFiles(baselines));
        assertThat(report.history()).containsOnlyKeys("amd-2c");
        assertThat(report.history().get("amd-2c")).extracting(HistoryPoint::value).containsExactly(10.1, 13.0);
        assertThat(report.history().get("amd-2c")).extracting(HistoryPoint::commit).containsExactly("abc", "");
        assertThat(report.broken()).singleElement().satisfies(b -> {
            assertThat(b.file()).endsWith("history.jsonl line 4");
            assertThat(b.problem()).startsWith("history line is not valid JSON");
        });
        assertThat(HtmlReport.render(report)).contains("DecodeTests › decode(batch=4) · latency_ms over 2 runs");
    }
}
