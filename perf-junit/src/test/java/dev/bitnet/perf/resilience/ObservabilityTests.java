package dev.bitnet.perf.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitnet.perf.PerformanceTest;
import dev.bitnet.perf.report.ProgressReporter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Logs and progress lines of a real run: quiet by default, every decision at debug level, progress for long tests. */
@DisplayName("Observability")
class ObservabilityTests {

    static class LongishTestCase {
        @PerformanceTest(warmup = 2, iterations = 6)
        void works() throws InterruptedException {
            long end = System.nanoTime() + 40_000_000L; // 40 ms of real hashing per call
            long h = 0;
            while (System.nanoTime() < end) {
                h = h * 31 + end;
            }
            if (h == 7) {
                throw new IllegalStateException("never");
            }
        }
    }

    private static void runWith(Path records, Map<String, String> parameters) {
        java.util.Map<String, String> all = new java.util.HashMap<>(parameters);
        all.put(PerformanceTest.RECORDS_DIR_KEY, records.toString());
        EngineTestKit.engine("junit-jupiter").enableImplicitConfigurationParameters(false).configurationParameters(all)
                .selectors(DiscoverySelectors.selectClass(LongishTestCase.class)).execute()
                .testEvents().assertStatistics(s -> s.succeeded(1));
    }

    @Test
    @DisplayName("debug logging shows every decision; nothing is logged above debug for a passing test")
    void debugLogShowsDecisions(@TempDir Path records) {
        Logger logger = Logger.getLogger("dev.bitnet.perf");
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Level before = logger.getLevel();
        logger.setLevel(Level.FINE);
        logger.addHandler(handler);
        try {
            runWith(records, Map.of(ProgressReporter.INTERVAL_KEY, "0"));
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(before);
        }
        List<String> debug = logged.stream().filter(r -> r.getLevel() == Level.FINE)
                .map(r -> r.getMessage() == null ? "" : r.getMessage()).toList();
        assertThat(debug).anySatisfy(m -> assertThat(m).startsWith("plan resolved for works()"))
                .anySatisfy(m -> assertThat(m).startsWith("works(): 6 samples added after 1 attempt"))
                .anySatisfy(m -> assertThat(m).startsWith("thresholds derived for works()"))
                .anySatisfy(m -> assertThat(m).startsWith("verdict of works(): PASSED"));
        assertThat(logged).as("quiet by default: nothing above debug for a passing test")
                .noneMatch(r -> r.getLevel().intValue() > Level.FINE.intValue() && r.getLoggerName().startsWith("dev.bitnet.perf.junit"));
    }

    @Test
    @DisplayName("a long test prints throttled progress lines with the estimated time left")
    void progressLines(@TempDir Path records) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            runWith(records, Map.of(ProgressReporter.INTERVAL_KEY, "0.1"));
        } finally {
            System.setOut(original);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("[perf] works()")).toList();
        // 8 calls of >= 40 ms with a line at most every 100 ms: between 1 and 4 lines, never one per iteration
        assertThat(lines).hasSizeBetween(1, 4);
        assertThat(lines).allSatisfy(l -> assertThat(l).matches("\\[perf] works\\(\\): (warm-up [12]/2|sample [1-6]/6)(, about \\d+ s left)?"));
    }
}
