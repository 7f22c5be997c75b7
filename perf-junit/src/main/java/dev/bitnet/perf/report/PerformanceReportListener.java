package dev.bitnet.perf.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * {@code PerformanceReportListener} writes the reports once the whole test plan has finished: it
 * reads the run records that this run wrote (files modified since the plan started), writes
 * {@code performance-report.json}, {@code PERFORMANCE.md} and {@code report.html}, appends the
 * Markdown to {@code $GITHUB_STEP_SUMMARY} when set, and prints the console summary. Registered
 * through {@code META-INF/services}, so Maven Surefire, Gradle and IDEs that use the JUnit Platform
 * launcher pick it up with no set-up. A run without performance tests writes nothing, and a failure
 * to write a report is logged, never thrown into the launcher.
 *
 * <p>Configuration parameters: {@value #ENABLED_KEY} ({@code false} turns it off),
 * {@code perf.records.dir} (where the records are), {@value #REPORT_DIR_KEY} (where the reports go;
 * defaults to the records directory's parent), {@value #HISTORY_KEY} (history files or directories,
 * comma separated; defaults to the baselines directory, {@code perf.baseline.dir} or the nearest
 * {@code baselines} folder), {@value #CONSOLE_KEY} ({@code false} silences the console table).
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class PerformanceReportListener implements TestExecutionListener {
    public static final String ENABLED_KEY = "perf.report.enabled";
    public static final String REPORT_DIR_KEY = "perf.report.dir";
    public static final String HISTORY_KEY = "perf.report.history";
    public static final String CONSOLE_KEY = "perf.report.console";
    /** perf-core's records directory parameter and default (see {@code PerformanceTest.RECORDS_DIR_KEY}). */
    static final String RECORDS_DIR_KEY = "perf.records.dir";
    static final String DEFAULT_RECORDS_DIR = "target/perf-junit/records";
    /** perf-baseline's baselines directory parameter; its history files feed the trend charts. */
    static final String BASELINE_DIR_KEY = "perf.baseline.dir";

    private static final System.Logger LOG = System.getLogger(PerformanceReportListener.class.getName());
    /** File time stamps can be coarse (1 s on some file systems); records this much older than the plan's start still count. */
    private static final long CLOCK_SLACK_MILLIS = 2_000;

    private volatile Instant planStarted = Instant.now();

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        planStarted = Instant.now();
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        try {
            writeReports(key -> testPlan.getConfigurationParameters().get(key), planStarted);
        } catch (RuntimeException | IOException e) {
            LOG.log(Level.WARNING, "perf-junit could not write the performance reports: " + e, e);
        }
    }

    /**
     * Writes the reports of the records modified since {@code since}; returns the files written, or
     * empty when disabled or when no performance test ran.
     */
    static Optional<ReportFiles.Written> writeReports(Function<String, Optional<String>> parameters, Instant since)
            throws IOException {
        if (parameters.apply(ENABLED_KEY).map(v -> v.trim().equalsIgnoreCase("false")).orElse(false)) {
            LOG.log(Level.DEBUG, "performance reports disabled by " + ENABLED_KEY);
            return Optional.empty();
        }
        Path records = Path.of(parameters.apply(RECORDS_DIR_KEY).orElse(DEFAULT_RECORDS_DIR));
        Path reportDir = parameters.apply(REPORT_DIR_KEY).map(Path::of)
                .orElseGet(() -> records.toAbsolutePath().getParent());
        FileTime threshold = FileTime.from(since.minusMillis(CLOCK_SLACK_MILLIS));
        RecordReader.Records read = RecordReader.readDirectory(records, file -> modifiedSince(file, threshold));
        if (read.tests().isEmpty() && read.broken().isEmpty()) {
            LOG.log(Level.DEBUG, () -> "no performance records written since " + since + " in " + records + "; no reports");
            return Optional.empty();
        }
        List<Path> history = new ArrayList<>();
        String historyPaths = parameters.apply(HISTORY_KEY)
                .orElseGet(() -> parameters.apply(BASELINE_DIR_KEY).orElseGet(() -> nearestBaselines().toString()));
        for (String entry : historyPaths.split(",")) {
            if (!entry.isBlank()) {
                history.addAll(historyFiles(Path.of(entry.trim())));
            }
        }
        RunReport report = ReportFiles.build(read, history);
        ReportFiles.Written written = ReportFiles.write(report, reportDir, System::getenv);
        if (parameters.apply(CONSOLE_KEY).map(v -> !v.trim().equalsIgnoreCase("false")).orElse(true)) {
            System.out.print(ConsoleReport.render(report));
            System.out.println("Performance reports: " + written.html().toAbsolutePath() + " (HTML), "
                    + written.markdown().toAbsolutePath() + " (Markdown), " + written.json().toAbsolutePath() + " (JSON)");
        }
        return Optional.of(written);
    }

    /** A history file, or the {@code history*.json*} files under a directory; nothing for a missing path. */
    public static List<Path> historyFiles(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            LOG.log(Level.DEBUG, () -> "no history at " + path);
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().startsWith("history") && p.getFileName().toString().contains(".json"))
                    .sorted()
                    .toList();
        }
    }

    /** The nearest directory named {@code baselines} in the working directory or above it (where baselines live by default). */
    public static Path nearestBaselines() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("baselines");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return Path.of("baselines");
    }

    private static boolean modifiedSince(Path file, FileTime threshold) {
        try {
            return Files.getLastModifiedTime(file).compareTo(threshold) >= 0;
        } catch (IOException e) {
            return true; // unreadable time stamp: let the reader report the file
        }
    }
}
