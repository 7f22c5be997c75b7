package dev.bitnet.perf.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitnet.perf.PerformanceTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

@DisplayName("PerformanceReportListener")
class PerformanceReportListenerTests {

    @TempDir
    Path dir;

    static class ListenedTestCase {
        @PerformanceTest(warmup = 1, iterations = 3)
        void sorts() {
            int[] data = new int[10_000];
            for (int i = 0; i < data.length; i++) {
                data[i] = (i * 31) % 977;
            }
            Arrays.sort(data);
        }
    }

    @Test
    @DisplayName("is registered for the JUnit Platform launcher through META-INF/services")
    void registeredAsService() {
        assertThat(ServiceLoader.load(TestExecutionListener.class).stream().map(ServiceLoader.Provider::type))
                .contains(PerformanceReportListener.class);
    }

    @Test
    @DisplayName("writes the reports when a launcher's test plan finishes")
    void writesReportsAtTheEndOfTheTestPlan() throws IOException {
        Path records = dir.resolve("records");
        Path out = dir.resolve("reports");
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(ListenedTestCase.class))
                .enableImplicitConfigurationParameters(false)
                .configurationParameters(Map.of(PerformanceTest.RECORDS_DIR_KEY, records.toString(),
                        PerformanceReportListener.REPORT_DIR_KEY, out.toString(), PerformanceReportListener.CONSOLE_KEY, "false"))
                .build(), summary);
        assertThat(summary.getSummary().getTestsSucceededCount()).isEqualTo(1);
        assertThat(out.resolve(ReportFiles.HTML_FILE)).exists();
        assertThat(Files.readString(out.resolve(ReportFiles.MARKDOWN_FILE))).contains("ListenedTestCase › sorts()");
        assertThat(Files.readString(out.resolve(ReportFiles.JSON_FILE))).contains("\"displayName\" : \"sorts()\"");
    }

    @Test
    @DisplayName("leaves out records of earlier runs and writes nothing when this run wrote none")
    void ignoresStaleRecords() throws IOException {
        Path records = Files.createDirectories(dir.resolve("records"));
        Path stale = records.resolve("old.json");
        Files.writeString(stale, "{\"id\":\"old\",\"outcome\":\"passed\"}");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));
        Map<String, String> parameters = Map.of("perf.records.dir", records.toString(), PerformanceReportListener.REPORT_DIR_KEY,
                dir.resolve("out").toString(), PerformanceReportListener.CONSOLE_KEY, "false");
        assertThat(PerformanceReportListener.writeReports(k -> Optional.ofNullable(parameters.get(k)), Instant.now())).isEmpty();
        assertThat(dir.resolve("out")).doesNotExist();

        Files.writeString(records.resolve("new.json"), "{\"id\":\"new\",\"outcome\":\"passed\"}");
        ReportFiles.Written written = PerformanceReportListener
                .writeReports(k -> Optional.ofNullable(parameters.get(k)), Instant.now().minusSeconds(10)).orElseThrow();
        assertThat(Files.readString(written.markdown())).contains("new").doesNotContain("| old");
    }

    @Test
    @DisplayName("can be turned off")
    void disabled() throws IOException {
        Map<String, String> parameters = Map.of(PerformanceReportListener.ENABLED_KEY, "false");
        assertThat(PerformanceReportListener.writeReports(k -> Optional.ofNullable(parameters.get(k)), Instant.now())).isEmpty();
    }
}
