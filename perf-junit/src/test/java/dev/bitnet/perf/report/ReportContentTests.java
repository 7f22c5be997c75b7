package dev.bitnet.perf.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The reports")
class ReportContentTests {

    private final RunReport report = ReportFixtures.report(
            List.of(ReportFixtures.stable("prefill(seq=128)"), ReportFixtures.regressed(), ReportFixtures.outOfMemory()),
            List.of(new BrokenRecord("records/bad.json", "not valid JSON (truncated or hand-edited?): Unexpected end-of-input")));

    @Test
    @DisplayName("list failures and regressions before passing tests")
    void listProblemsFirst() {
        assertThat(report.tests()).extracting(TestResult::displayName)
                .containsExactly("decode(batch=4)", "huge()", "prefill(seq=128)");
    }

    @Test
    @DisplayName("Markdown: totals, problems section with diagnosis and actions, a summary row per metric, broken records")
    void markdownContent() {
        String md = MarkdownReport.render(report);
        assertThat(md).contains("**3 tests:** 1 passed, 2 failed, 0 aborted, 0 skipped; 1 critical and 0 warning changes; 1 broken records");
        assertThat(md.indexOf("## Regressions and failures")).isLessThan(md.indexOf("## Summary"));
        assertThat(md).contains("**Diagnosis: Regression** (`REGRESSION`)")
                .contains("**Diagnosis: Memory exhaustion** (`MEMORY_EXHAUSTION`)")
                .contains("  - Compare with the commit the baseline was recorded at and bisect the change.")
                .contains("- Retry after attempt 1: `java.net.SocketTimeoutException` read timed out");
        // one summary row per metric with the comparison
        assertThat(md).containsPattern("\\| DecodeTests › decode\\(batch=4\\) \\| ❌ failed \\| latency\\\\_ms \\(ms\\) \\| 7 \\| 13\\.10 \\| .*\\| \\+30\\.1% \\| \\[\\+25\\.1%, \\+33\\.9%\\] \\| <0\\.001 \\| 🔴 critical \\|");
        assertThat(md).contains("| MemoryTests › huge() | ❌ failed | – | 0 |");
        assertThat(md).contains("## Broken records").contains("`records/bad.json`");
        assertThat(md).contains("| stated 10 ms × calibration 1.2 = 12 ms |").contains("❌ missed").contains("✅ met");
    }

    @Test
    @DisplayName("Markdown: cell text cannot break the table or inject HTML")
    void markdownEscapesCells() {
        TestResult odd = new TestResult("odd", "x.T", "a|b <script>alert(1)</script>", Outcome.PASSED, "", Map.of(), List.of(), "",
                null, List.of(), "");
        String md = MarkdownReport.render(ReportFixtures.report(List.of(odd), List.of()));
        assertThat(md).contains("a\\|b &lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
    }

    @Test
    @DisplayName("HTML: self-contained, one box plot per metric, trend per environment class, names escaped")
    void htmlContent() {
        TestResult odd = new TestResult("odd", "x.T", "<img src=x onerror=alert(1)>", Outcome.PASSED, "", Map.of(), List.of(), "",
                null, List.of(), "");
        String html = HtmlReport.render(ReportFixtures.report(
                List.of(ReportFixtures.stable("prefill(seq=128)"), ReportFixtures.regressed(), odd), List.of()));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<meta name=\"viewport\"")
                .contains("default-src 'none'");
        // no network: no http(s) URL, no external src/href
        assertThat(html).doesNotContainPattern("https?://").doesNotContainPattern("(src|href)=\"(?!#)");
        assertThat(count(html, "<svg class=\"chart\"")).isEqualTo(2 + 1); // two box plots + one trend
        assertThat(html).contains("aria-label=\"Distribution of latency_ms ms: this run against the baseline\"")
                .contains("aria-label=\"Trend of latency_ms ms over 3 runs\"")
                .contains("Environment class <code>amd-epyc-2c-8g-linux-x64-jdk17</code>");
        assertThat(html).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img");
        assertThat(html).contains("<strong>Regression</strong> <code>REGRESSION</code>");
    }

    @Test
    @DisplayName("JSON: every test with every sample, summaries, comparison, diagnosis, and broken records")
    void jsonContent() throws IOException {
        JsonNode json = ReportJson.MAPPER.readTree(ReportJson.MAPPER.writeValueAsString(ReportJson.toJson(report)));
        assertThat(json.path("schemaVersion").asInt()).isEqualTo(ReportJson.SCHEMA_VERSION);
        assertThat(json.path("totals").path("failed").asInt()).isEqualTo(2);
        assertThat(json.path("totals").path("critical").asInt()).isEqualTo(1);
        JsonNode decode = json.path("tests").get(0);
        assertThat(decode.path("displayName").asText()).isEqualTo("decode(batch=4)");
        assertThat(decode.path("metrics").get(0).path("samples")).hasSize(ReportFixtures.SLOW.length);
        assertThat(decode.path("metrics").get(0).path("baselineSamples")).hasSize(ReportFixtures.FAST.length);
        assertThat(decode.path("metrics").get(0).path("comparison").path("severity").asText()).isEqualTo("CRITICAL");
        assertThat(decode.path("diagnosis").path("type").asText()).isEqualTo("REGRESSION");
        assertThat(decode.path("diagnosis").path("actions").size()).isGreaterThanOrEqualTo(3);
        assertThat(json.path("brokenRecords").get(0).path("file").asText()).isEqualTo("records/bad.json");
        assertThat(json.path("history").path("amd-epyc-2c-8g-linux-x64-jdk17")).hasSize(3);
    }

    @Test
    @DisplayName("JSON: a test entry reads back equal to what was written")
    void jsonRoundTrip() throws IOException {
        for (TestResult test : report.tests()) {
            JsonNode node = ReportJson.MAPPER.readTree(ReportJson.MAPPER.writeValueAsString(ReportJson.toJson(test)));
            assertThat(ReportJson.testFromJson(node, "x")).isEqualTo(test);
        }
    }

    @Test
    @DisplayName("console: aligned table with problems first and one line per diagnosis")
    void consoleContent() {
        String console = ConsoleReport.render(report);
        List<String> lines = console.lines().toList();
        assertThat(lines.get(0)).startsWith("Performance summary: 3 tests: 1 passed, 2 failed");
        assertThat(lines.get(1)).startsWith("Test").contains("Outcome").contains("Severity");
        assertThat(lines.get(2)).matches("-+");
        assertThat(lines.get(3)).startsWith("DecodeTests > decode(batch=4)").contains("critical");
        assertThat(lines.get(1).indexOf("Outcome")).isEqualTo(lines.get(3).indexOf("failed"));
        assertThat(console).contains("MemoryTests > huge(): MEMORY_EXHAUSTION - OutOfMemoryError: Java heap space")
                .contains("broken record records/bad.json");
    }

    @Test
    @DisplayName("write the three files and append the Markdown to $GITHUB_STEP_SUMMARY")
    void writesFilesAndStepSummary(@TempDir Path dir) throws IOException {
        Path summary = dir.resolve("step-summary.md");
        Files.writeString(summary, "earlier step\n");
        ReportFiles.Written written = ReportFiles.write(report, dir.resolve("out"),
                name -> name.equals("GITHUB_STEP_SUMMARY") ? summary.toString() : null);
        assertThat(written.json()).exists();
        assertThat(written.html()).exists();
        assertThat(Files.readString(written.markdown())).isEqualTo(MarkdownReport.render(report));
        assertThat(Files.readString(summary)).startsWith("earlier step\n# Performance report");
        try (var files = Files.list(dir.resolve("out"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("performance-report.json", "PERFORMANCE.md", "report.html");
        }
    }

    @Test
    @DisplayName("without $GITHUB_STEP_SUMMARY no summary is written")
    void noStepSummaryWithoutVariable(@TempDir Path dir) throws IOException {
        assertThat(ReportFiles.write(report, dir, name -> null).stepSummary()).isEmpty();
    }

    private static int count(String text, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
