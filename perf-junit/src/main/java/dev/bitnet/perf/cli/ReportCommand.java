package dev.bitnet.perf.cli;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.bitnet.perf.report.ConsoleReport;
import dev.bitnet.perf.report.PerformanceReportListener;
import dev.bitnet.perf.report.ReportFiles;
import dev.bitnet.perf.report.RunReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/**
 * {@code report}: re-renders the Markdown, HTML and JSON reports from a directory of per-test JSON
 * records.
 *
 * <pre>
 * java -jar perf-junit.jar report [--records DIR] [--out DIR] [--history FILE|DIR]... [--fail-on-regression] [--quiet]
 * </pre>
 *
 * Exit codes: 0 reports written, 1 a critical regression with {@code --fail-on-regression},
 * 2 bad input (unknown option, records directory missing). Broken records do not fail the command:
 * they are shown as broken in the reports.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ReportCommand implements Subcommand {
    public static final String NAME = "report";
    public static final String DEFAULT_RECORDS = "target/perf-junit/records";
    public static final String DEFAULT_OUT = "target/perf-junit";

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: java -jar perf-junit.jar report [--records DIR] [--out DIR] [--history FILE|DIR]... [--fail-on-regression] [--quiet]",
            "  Re-renders performance-report.json, PERFORMANCE.md and report.html from the per-test JSON records.",
            "  --records DIR          the records directory (default " + DEFAULT_RECORDS + ")",
            "  --out DIR              where the reports go (default " + DEFAULT_OUT + ")",
            "  --history FILE|DIR     a history file, or a directory searched for history*.json* files (repeatable;",
            "                         default: the nearest baselines folder, where perf-baseline keeps history.jsonl)",
            "  --fail-on-regression   exit 1 when a test has a critical regression",
            "  --quiet                print nothing but errors",
            "Exit codes: 0 ok, 1 critical regression (with --fail-on-regression), 2 bad input.");

    /** Public for {@link java.util.ServiceLoader}; the dispatcher {@link Main} creates it. */
    public ReportCommand() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "re-render performance-report.json, PERFORMANCE.md and report.html from the per-test JSON records";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args.toArray(new String[0]), out, err);
    }

    /** Runs the command with standard output and error; returns the exit code. */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path records = Path.of(DEFAULT_RECORDS);
        Path output = Path.of(DEFAULT_OUT);
        List<Path> history = new ArrayList<>();
        boolean failOnRegression = false;
        boolean quiet = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-h":
                case "--help":
                    out.println(USAGE);
                    return 0;
                case "--records":
                case "--out":
                case "--history":
                    if (i + 1 >= args.length) {
                        err.println("Option " + arg + " needs a value." + System.lineSeparator() + USAGE);
                        return 2;
                    }
                    Path value = Path.of(args[++i]);
                    if (arg.equals("--records")) {
                        records = value;
                    } else if (arg.equals("--out")) {
                        output = value;
                    } else {
                        history.add(value);
                    }
                    break;
                case "--fail-on-regression":
                    failOnRegression = true;
                    break;
                case "--quiet":
                    quiet = true;
                    break;
                default:
                    err.println("Unknown option '" + arg + "'." + System.lineSeparator() + USAGE);
                    return 2;
            }
        }
        if (!Files.isDirectory(records)) {
            err.println("Records directory " + records.toAbsolutePath()
                    + " does not exist; run the performance tests first or pass --records DIR.");
            return 2;
        }
        for (Path path : history) {
            if (!Files.exists(path)) {
                err.println("History file or directory " + path.toAbsolutePath() + " does not exist.");
                return 2;
            }
        }
        if (history.isEmpty()) {
            // like the launcher listener: the baselines folder perf-baseline writes its histories into
            Path baselines = PerformanceReportListener.nearestBaselines();
            if (Files.isDirectory(baselines)) {
                history.add(baselines);
            }
        }
        try {
            List<Path> historyFiles = historyFiles(history);
            RunReport report = ReportFiles.build(records, historyFiles);
            ReportFiles.Written written = ReportFiles.write(report, output, System::getenv);
            if (!quiet) {
                out.print(ConsoleReport.render(report));
                out.println("Reports: " + written.html().toAbsolutePath() + ", " + written.markdown().toAbsolutePath() + ", "
                        + written.json().toAbsolutePath());
            }
            if (failOnRegression && report.hasCriticalRegression()) {
                err.println(report.count(dev.bitnet.perf.report.Severity.CRITICAL) + " test(s) have a critical regression.");
                return 1;
            }
            return 0;
        } catch (IOException e) {
            err.println("Cannot write the reports to " + output.toAbsolutePath() + ": " + e);
            return 2;
        }
    }

    private static List<Path> historyFiles(List<Path> given) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : given) {
            files.addAll(PerformanceReportListener.historyFiles(path));
        }
        return files;
    }
}
