package dev.bitnet.perf.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * {@code ReportFiles} writes the reports of a run into one directory, each file atomically:
 * {@value #JSON_FILE}, {@value #MARKDOWN_FILE} and {@value #HTML_FILE}; when the environment
 * variable {@code GITHUB_STEP_SUMMARY} names a file, the Markdown is appended to it.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ReportFiles {
    public static final String JSON_FILE = "performance-report.json";
    public static final String MARKDOWN_FILE = "PERFORMANCE.md";
    public static final String HTML_FILE = "report.html";
    public static final String STEP_SUMMARY_VARIABLE = "GITHUB_STEP_SUMMARY";

    private static final System.Logger LOG = System.getLogger(ReportFiles.class.getName());

    /** The files written. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record Written(Path json, Path markdown, Path html, Optional<Path> stepSummary) {}

    private ReportFiles() {}

    /** Reads the records in {@code recordsDirectory} and the history, and builds the run report. */
    public static RunReport build(Path recordsDirectory, List<Path> historyFiles) throws IOException {
        return build(RecordReader.readDirectory(recordsDirectory), historyFiles);
    }

    /** Builds the run report from records already read, and the history. */
    public static RunReport build(RecordReader.Records records, List<Path> historyFiles) {
        List<BrokenRecord> broken = new ArrayList<>(records.broken());
        Map<String, List<HistoryPoint>> history = onlyTestsOf(records.tests(), HistoryReader.read(historyFiles, broken));
        Map<String, String> environment = new java.util.LinkedHashMap<>(records.environment());
        records.tests().stream().map(TestResult::environmentClass).filter(c -> !c.isEmpty()).findFirst()
                .ifPresent(c -> environment.putIfAbsent("environmentClass", c));
        return new RunReport(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), records.tests(), broken, environment,
                history);
    }

    /** The history of the tests in this report only (a baselines directory holds every test's). */
    private static Map<String, List<HistoryPoint>> onlyTestsOf(List<TestResult> tests, Map<String, List<HistoryPoint>> history) {
        if (tests.isEmpty()) {
            return history;
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        tests.forEach(t -> ids.add(t.id()));
        Map<String, List<HistoryPoint>> kept = new java.util.TreeMap<>();
        history.forEach((environmentClass, points) -> {
            List<HistoryPoint> mine = points.stream().filter(p -> ids.contains(p.test())).toList();
            if (!mine.isEmpty()) {
                kept.put(environmentClass, mine);
            }
        });
        return kept;
    }

    /** Writes the three report files into {@code outputDirectory} and appends to the step summary if set. */
    public static Written write(RunReport report, Path outputDirectory, Function<String, String> environmentVariables)
            throws IOException {
        Objects.requireNonNull(report, "report must not be null");
        Files.createDirectories(outputDirectory);
        Path json = outputDirectory.resolve(JSON_FILE);
        Path markdown = outputDirectory.resolve(MARKDOWN_FILE);
        Path html = outputDirectory.resolve(HTML_FILE);
        String markdownText = MarkdownReport.render(report);
        AtomicFiles.writeString(json, ReportJson.MAPPER.writeValueAsString(ReportJson.toJson(report)) + "\n");
        AtomicFiles.writeString(markdown, markdownText);
        AtomicFiles.writeString(html, HtmlReport.render(report));
        LOG.log(Level.DEBUG, () -> "wrote " + json + ", " + markdown + ", " + html);
        Optional<Path> stepSummary = Optional.empty();
        String summaryFile = environmentVariables.apply(STEP_SUMMARY_VARIABLE);
        if (summaryFile != null && !summaryFile.isBlank()) {
            Path target = Path.of(summaryFile);
            // GitHub gives each step its own summary file and reads it after the step; appending is what it expects
            Files.writeString(target, markdownText + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            stepSummary = Optional.of(target);
            LOG.log(Level.DEBUG, () -> "appended the Markdown report to " + target);
        }
        return new Written(json, markdown, html, stepSummary);
    }
}
