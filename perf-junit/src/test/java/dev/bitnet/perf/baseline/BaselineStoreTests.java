package dev.bitnet.perf.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Baseline store")
class BaselineStoreTests {
    static final String CLASS = "amd-epyc-2c-24g-linux-x64-jdk17";
    static final String OTHER_CLASS = "intel-xeon-16c-64g-linux-x64-jdk25-gpu-nvidia-h200";

    @TempDir
    Path root;

    static Baseline baseline(String testId, String displayName, double[] latency) {
        return new Baseline(Baseline.SCHEMA_VERSION, testId, displayName, CLASS, Map.of("cpuModel", "AMD EPYC"),
                GitCommitTests.SHA, Instant.parse("2026-11-30T16:00:00Z"),
                Map.of("latency_ms", new MetricSamples("ms", latency),
                        "tokens_per_second", new MetricSamples("tokens/s", new double[] {100, 101, 99.5})));
    }

    @Test
    @DisplayName("writes plain JSON that reads back equal")
    void roundTrip() throws IOException {
        BaselineStore store = new BaselineStore(root);
        Baseline written = baseline("[engine:junit-jupiter]/[method:decode()]", "decode()", new double[] {10.5, 11, 9.75});
        Path file = store.write(written);
        assertThat(file).isEqualTo(root.resolve(CLASS).resolve(SafeFileName.of(written.testId()) + ".json"));
        String json = Files.readString(file);
        assertThat(json).contains("\"schemaVersion\" : 1", "\"samples\" : [ 10.5, 11.0, 9.75 ]", "\"median\" : 10.5",
                "\"commit\" : \"" + GitCommitTests.SHA + "\"");
        assertThat(store.find(CLASS, written.testId()).found()).contains(written);
        try (var entries = Files.list(file.getParent())) {
            assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    @DisplayName("a missing baseline names the expected file and the classes that do exist, and uses none of them")
    void missingBaselineListsOtherClasses() {
        BaselineStore store = new BaselineStore(root);
        Baseline elsewhere = new Baseline(1, "t", "t", OTHER_CLASS, Map.of(), null, Instant.EPOCH,
                Map.of("latency_ms", new MetricSamples("ms", new double[] {1})));
        store.write(elsewhere);
        BaselineLookup lookup = store.find(CLASS, "t");
        assertThat(lookup.found()).isEmpty();
        assertThat(lookup.classesWithThisTest()).containsExactly(OTHER_CLASS);
        assertThat(lookup.describeMissing()).isEqualTo("No baseline in environment class [" + CLASS + "] (expected file ["
                + store.fileFor(CLASS, "t") + "]). Baselines of this test exist for [" + OTHER_CLASS
                + "]; a baseline of another environment class is never used. Record one with -Dperf.baseline.update=true.");
        assertThat(store.environmentClasses()).containsExactly(OTHER_CLASS);
    }

    @Test
    void historyAppendsOneLinePerEntryAndReadsBack() {
        BaselineStore store = new BaselineStore(root);
        for (int i = 0; i < 3; i++) {
            store.appendHistory(new HistoryEntry(1, "run-" + i, Instant.ofEpochSecond(i), null, "t", CLASS, i == 1,
                    Map.of("latency_ms", MetricSummary.of(new double[] {i + 1, i + 2}))));
        }
        List<HistoryEntry> history = store.readHistory(CLASS);
        assertThat(history).extracting(HistoryEntry::runId).containsExactly("run-0", "run-1", "run-2");
        assertThat(history.get(2).metrics().get("latency_ms").mean()).isEqualTo(3.5);
        assertThat(history.get(1).loaded()).isTrue();
        assertThat(store.readHistory(OTHER_CLASS)).isEmpty();
    }

    @Test
    @DisplayName("threads writing at once lose no history line and leave one whole baseline")
    void concurrentThreads() throws Exception {
        BaselineStore store = new BaselineStore(root);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int writer = t;
                futures.add(pool.submit(() -> ForkedWriterMain.main(new String[] {root.toString(), String.valueOf(writer), "10"})));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.readHistory(CLASS)).hasSize(40);
        assertThat(store.find(CLASS, "shared/test").found()).isPresent();
    }

    @Test
    @DisplayName("forked JVMs writing at once lose no history line and leave one whole baseline")
    void concurrentProcesses() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (int writer = 0; writer < 3; writer++) {
            processes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ForkedWriterMain.class.getName(),
                    root.toString(), String.valueOf(writer), "8").redirectErrorStream(true).start());
        }
        for (Process process : processes) {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(output).isZero();
        }
        List<HistoryEntry> history = new BaselineStore(root).readHistory(CLASS);
        assertThat(history).hasSize(24);
        assertThat(history.stream().map(HistoryEntry::runId).distinct()).hasSize(3);
        Baseline last = new BaselineStore(root).find(CLASS, "shared/test").found().orElseThrow();
        double first = last.metrics().get("latency_ms").samples()[0];
        assertThat(last.metrics().get("latency_ms").samples()).containsOnly(first); // one writer's file, not a mix
    }

    @Nested
    @DisplayName("bad files")
    class BadFiles {
        private Path badFile(String content) throws IOException {
            BaselineStore store = new BaselineStore(root);
            Path file = store.fileFor(CLASS, "t");
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return file;
        }

        private static final String VALID = "{\"schemaVersion\":1,\"testId\":\"t\",\"environmentClass\":\"" + CLASS
                + "\",\"recordedAt\":\"2026-11-30T16:00:00Z\",\"metrics\":{\"latency_ms\":{\"unit\":\"ms\",\"samples\":[1.0,2.0]}}}";

        private void assertRejected(String content, String field, String messagePart) throws IOException {
            Path file = badFile(content);
            BaselineStore store = new BaselineStore(root);
            assertThatThrownBy(() -> store.find(CLASS, "t"))
                    .isInstanceOf(BaselineFormatException.class)
                    .hasMessageStartingWith("File [" + file + "] " + (field.isEmpty() ? "" : "field '" + field + "' "))
                    .hasMessageContaining(messagePart)
                    .hasMessageEndingWith("The file was left unchanged; fix or delete it by hand.")
                    .satisfies(e -> assertThat(((BaselineFormatException) e).field()).isEqualTo(field));
            // and an update must not overwrite it
            assertThatThrownBy(() -> store.write(baseline("t", "t", new double[] {1}))).isInstanceOf(BaselineFormatException.class);
            assertThat(Files.readString(file)).isEqualTo(content);
        }

        @Test
        void validFileReads() throws IOException {
            badFile(VALID);
            assertThat(new BaselineStore(root).find(CLASS, "t").found()).isPresent();
        }

        @Test
        void truncated() throws IOException {
            assertRejected(VALID.substring(0, VALID.length() - 20), "", "is not valid JSON at line 1");
        }

        @Test
        void emptyFile() throws IOException {
            assertRejected("", "", "is empty.");
        }

        @Test
        void notAnObject() throws IOException {
            assertRejected("[1,2]", "", "must hold a JSON object but holds: ARRAY.");
        }

        @Test
        void unknownSchema() throws IOException {
            assertRejected(VALID.replace("\"schemaVersion\":1", "\"schemaVersion\":7"), "schemaVersion",
                    "is 7 but this perf-junit reads only schema version [1].");
        }

        @Test
        void missingSchema() throws IOException {
            assertRejected(VALID.replace("\"schemaVersion\":1,", ""), "schemaVersion", "must be an integer but was: missing.");
        }

        @Test
        void emptySamples() throws IOException {
            assertRejected(VALID.replace("[1.0,2.0]", "[]"), "metrics.latency_ms.samples", "must hold at least one sample but is empty.");
        }

        @Test
        void nanSample() throws IOException {
            assertRejected(VALID.replace("[1.0,2.0]", "[1.0,NaN]"), "metrics.latency_ms.samples[1]",
                    "must be a finite number of zero or more but was: NaN.");
        }

        @Test
        void negativeSample() throws IOException {
            assertRejected(VALID.replace("[1.0,2.0]", "[-1.0,2.0]"), "metrics.latency_ms.samples[0]",
                    "must be a finite number of zero or more but was: -1.0.");
        }

        @Test
        void textSample() throws IOException {
            assertRejected(VALID.replace("[1.0,2.0]", "[1.0,\"2\"]"), "metrics.latency_ms.samples[1]", "must be a number but was: \"2\".");
        }

        @Test
        void noMetrics() throws IOException {
            assertRejected(VALID.replace("{\"latency_ms\":{\"unit\":\"ms\",\"samples\":[1.0,2.0]}}", "{}"), "metrics",
                    "must name at least one metric but is empty.");
        }

        @Test
        void badTime() throws IOException {
            assertRejected(VALID.replace("2026-11-30T16:00:00Z", "yesterday"), "recordedAt", "must be an ISO-8601 instant");
        }

        @Test
        void wrongEnvironmentClassInFile() throws IOException {
            assertRejected(VALID.replace(CLASS, "other-class"), "environmentClass",
                    "is \"other-class\" but the file lies in the directory of class \"" + CLASS + "\".");
        }

        @Test
        @DisplayName("a different metric set is an error naming file and field")
        void differentMetricSet() throws IOException {
            Path file = badFile(VALID);
            Baseline baseline = new BaselineStore(root).find(CLASS, "t").found().orElseThrow();
            assertThatThrownBy(() -> baseline.requireSameMetrics(file, Set.of("latency_ms", "tokens_per_second")))
                    .isInstanceOf(BaselineFormatException.class)
                    .hasMessageStartingWith("File [" + file + "] field 'metrics' holds metrics [latency_ms] but the current run measured "
                            + "[latency_ms, tokens_per_second] (not in the baseline: [tokens_per_second], only in the baseline: []).");
        }

        @Test
        void malformedHistoryLineNamesTheLine() throws IOException {
            BaselineStore store = new BaselineStore(root);
            store.appendHistory(new HistoryEntry(1, "r", Instant.EPOCH, null, "t", CLASS, false,
                    Map.of("latency_ms", MetricSummary.of(new double[] {1}))));
            Files.writeString(store.historyFile(CLASS), "{\"schemaVersion\":1,\"runId\":\"r\"\n", java.nio.file.StandardOpenOption.APPEND);
            assertThatThrownBy(() -> store.readHistory(CLASS))
                    .isInstanceOf(BaselineFormatException.class)
                    .hasMessageContaining("line 2: is not valid JSON");
        }
    }
}
