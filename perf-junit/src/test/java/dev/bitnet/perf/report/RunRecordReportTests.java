package dev.bitnet.perf.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitnet.perf.LatencyAtMost;
import dev.bitnet.perf.PerformanceTest;
import dev.bitnet.perf.diagnosis.DiagnosisType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Records written by the real extension, for real (tiny) workloads, read into the reports. */
@DisplayName("Reports of real run records")
class RunRecordReportTests {

    @TempDir
    Path records;

    static class RecordedTestCase {
        static int[] data() {
            int[] data = new int[20_000];
            for (int i = 0; i < data.length; i++) {
                data[i] = (i * 7919) % 10_007;
            }
            return data;
        }

        @PerformanceTest(warmup = 1, iterations = 5)
        void sortsQuickly() {
            Arrays.sort(data());
        }

        @PerformanceTest(warmup = 1, iterations = 5)
        @LatencyAtMost(0.000001)
        void missesAnImpossibleThreshold() {
            Arrays.sort(data());
        }

        @PerformanceTest(warmup = 1, iterations = 5)
        void throwsInTheThirdIteration() {
            if (Counter.calls++ == 3) {
                throw new IllegalStateException("the measured code broke");
            }
        }
    }

    static final class Counter {
        static int calls;
    }

    @Test
    @DisplayName("show passed, threshold-missed and errored tests with samples, thresholds and diagnoses")
    void readsRealRecords() throws IOException {
        Counter.calls = 0;
        EngineTestKit.engine("junit-jupiter").enableImplicitConfigurationParameters(false)
                .configurationParameters(Map.of(PerformanceTest.RECORDS_DIR_KEY, records.toString()))
                .selectors(DiscoverySelectors.selectClass(RecordedTestCase.class)).execute()
                .testEvents().assertStatistics(s -> s.started(3).succeeded(1).failed(2));

        RecordReader.Records read = RecordReader.readDirectory(records);
        assertThat(read.broken()).isEmpty();
        List<TestResult> tests = read.tests().stream().sorted(Comparator.comparing(TestResult::displayName)).toList();
        assertThat(tests).extracting(TestResult::displayName)
                .containsExactly("missesAnImpossibleThreshold()", "sortsQuickly()", "throwsInTheThirdIteration()");

        TestResult missed = tests.get(0);
        assertThat(missed.outcome()).isEqualTo(Outcome.FAILED);
        MetricResult latency = missed.metrics().stream().filter(m -> m.name().equals("latency_ms")).findFirst().orElseThrow();
        assertThat(latency.samples()).hasSize(5);
        assertThat(latency.summary().n()).isEqualTo(5);
        assertThat(latency.thresholds()).singleElement().satisfies(t -> {
            assertThat(t.passed()).isFalse();
            assertThat(t.required()).isEqualTo(0.000001);
            assertThat(t.measured()).isGreaterThan(0.000001);
            assertThat(t.description()).isEqualTo("latency_ms median at most");
        });
        assertThat(missed.diagnosis()).isNotNull();
        // which of these depends on how busy this machine is (a loaded machine is an environment set-up problem)
        assertThat(missed.diagnosis().type()).isIn(DiagnosisType.THRESHOLD_MISSED, DiagnosisType.NOISY_ENVIRONMENT,
                DiagnosisType.ENVIRONMENT_SETUP);
        assertThat(missed.verdict()).contains("latency_ms");

        TestResult passed = tests.get(1);
        assertThat(passed.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(passed.diagnosis()).isNull();
        assertThat(passed.config()).containsEntry("warmup", "1").containsEntry("iterations", "5");

        TestResult errored = tests.get(2);
        assertThat(errored.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(errored.diagnosis().type()).isEqualTo(DiagnosisType.EXECUTION_ERROR);
        assertThat(errored.diagnosis().exceptionType()).isNotBlank();

        Path out = records.resolveSibling(records.getFileName() + "-out");
        ReportFiles.write(ReportFiles.build(records, List.of()), out, name -> null);
        assertThat(Files.readString(out.resolve(ReportFiles.MARKDOWN_FILE))).contains("missesAnImpossibleThreshold()")
                .contains("sortsQuickly()").contains("Execution error");
    }

    @Test
    @DisplayName("a run record with an unknown schema version or a wrong field type is broken, naming the field")
    void brokenRunRecords() throws IOException {
        Files.writeString(records.resolve("future.json"), "{\"schemaVersion\": 99, \"test\": {\"id\": \"x\"}}");
        Files.writeString(records.resolve("typo.json"), "{\"schemaVersion\": 1, \"test\": {\"id\": \"x\"}, \"samples\": \"many\"}");
        RecordReader.Records read = RecordReader.readDirectory(records);
        assertThat(read.tests()).isEmpty();
        assertThat(read.broken()).extracting(BrokenRecord::problem).satisfiesExactly(
                p -> assertThat(p).isEqualTo("field 'schemaVersion' is 99 but this software reads versions 1 to 1"),
                p -> assertThat(p).startsWith("not a valid perf-junit run record").contains("samples"));
    }

    static class BaselinedTestCase {
        @PerformanceTest(warmup = 2, iterations = 8)
        void sortsAgain() {
            Arrays.sort(RecordedTestCase.data());
        }
    }

    @Test
    @DisplayName("show the comparison with the baseline and draw the baseline's samples")
    void comparisonWithBaseline(@TempDir Path baselines) throws IOException {
        Map<String, String> record = Map.of(PerformanceTest.RECORDS_DIR_KEY, records.toString(), "perf.baseline.dir",
                baselines.toString(), "perf.baseline.update", "true");
        EngineTestKit.engine("junit-jupiter").enableImplicitConfigurationParameters(false).configurationParameters(record)
                .selectors(DiscoverySelectors.selectClass(BaselinedTestCase.class)).execute();
        Map<String, String> compare = Map.of(PerformanceTest.RECORDS_DIR_KEY, records.toString(), "perf.baseline.dir",
                baselines.toString());
        EngineTestKit.engine("junit-jupiter").enableImplicitConfigurationParameters(false).configurationParameters(compare)
                .selectors(DiscoverySelectors.selectClass(BaselinedTestCase.class)).execute();

        RecordReader.Records read = RecordReader.readDirectory(records);
        assertThat(read.broken()).isEmpty();
        TestResult test = read.tests().get(0);
        assertThat(test.environmentClass()).isNotEmpty();
        MetricResult latency = test.metrics().stream().filter(m -> m.name().equals("latency_ms")).findFirst().orElseThrow();
        assertThat(latency.comparison()).as("comparison read from the baseline finding").isNotNull();
        assertThat(latency.comparison().baselineSource()).startsWith(baselines.toString());
        assertThat(latency.comparison().baselineMean()).isPositive();
        assertThat(latency.baselineSamples()).as("samples read from the baseline file").hasSizeGreaterThanOrEqualTo(8);
        assertThat(latency.severity()).isNotEqualTo(Severity.NO_BASELINE);
        String html = HtmlReport.render(ReportFiles.build(read, PerformanceReportListener.historyFiles(baselines)));
        assertThat(html).contains("latency_ms: this run against the baseline").contains("<section id=\"history\">");
    }
}
