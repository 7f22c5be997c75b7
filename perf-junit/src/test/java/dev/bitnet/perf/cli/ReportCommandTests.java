package dev.bitnet.perf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitnet.perf.report.ReportFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("perf-junit report")
class ReportCommandTests {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int run(String... args) {
        return ReportCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path records(String outcome, String severity) throws IOException {
        Path records = Files.createDirectories(dir.resolve("records"));
        Files.writeString(records.resolve("decode.json"), "{\"id\":\"decode\",\"className\":\"x.DecodeTests\",\"displayName\":\"decode()\","
                + "\"outcome\":\"" + outcome + "\",\"metrics\":[{\"name\":\"latency_ms\",\"unit\":\"ms\",\"samples\":[10,11,12],"
                + "\"baselineSamples\":[8,8.5,9],\"comparison\":{\"baselineMean\":8.5,\"currentMean\":11,\"changePercent\":29.4,"
                + "\"pValue\":0.01,\"severity\":\"" + severity + "\"}}]}");
        Files.writeString(records.resolve("cut.json"), "{\"id\":\"cut\",\"outc");
        return records;
    }

    @Test
    @DisplayName("re-renders the reports from records, showing broken ones, and exits 0")
    void rendersReports() throws IOException {
        Path records = records("failed", "critical");
        int code = run("--records", records.toString(), "--out", dir.resolve("out").toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(dir.resolve("out").resolve(ReportFiles.HTML_FILE)).exists();
        assertThat(Files.readString(dir.resolve("out").resolve(ReportFiles.MARKDOWN_FILE))).contains("DecodeTests › decode()")
                .contains("cut.json");
        assertThat(out.toString()).contains("Performance summary: 1 tests").contains("broken record").contains("Reports: ");
    }

    @Test
    @DisplayName("exits 1 on a critical regression with --fail-on-regression, 0 without")
    void failOnRegression() throws IOException {
        Path records = records("passed", "critical");
        assertThat(run("--records", records.toString(), "--out", dir.toString(), "--fail-on-regression", "--quiet")).isEqualTo(1);
        assertThat(err.toString()).contains("1 test(s) have a critical regression.");
        assertThat(out.toString()).isEmpty();
        assertThat(run("--records", records.toString(), "--out", dir.toString(), "--quiet")).isZero();
        Path stable = records("passed", "stable");
        assertThat(run("--records", stable.toString(), "--out", dir.toString(), "--fail-on-regression", "--quiet")).isZero();
    }

    @Test
    @DisplayName("exits 2 with a message naming the problem for bad input")
    void badInput() {
        assertThat(run("--records", dir.resolve("absent").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("absent does not exist; run the performance tests first or pass --records DIR.");
        assertThat(run("--colour")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option '--colour'.").contains("Usage:");
        assertThat(run("--out")).isEqualTo(2);
        assertThat(err.toString()).contains("Option --out needs a value.");
    }

    @Test
    @DisplayName("--help prints the usage and exits 0")
    void help() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: java -jar perf-junit.jar report");
    }

    @Test
    @DisplayName("is found by the command-line dispatcher")
    void pluggedIntoMain() {
        assertThat(Main.commands()).extracting(Subcommand::name).contains("report", "compare", "env");
    }
}
