package dev.bitnet.perf.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/**
 * {@code ConsoleReport} renders the end-of-run summary table for a terminal or CI log: one row per
 * test and metric, problems first, plain ASCII so that every log viewer shows it aligned, followed
 * by one line per diagnosis and the report file locations.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ConsoleReport {
    private static final int MAX_TEST_WIDTH = 60;

    private ConsoleReport() {}

    public static String render(RunReport report) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Test", "Outcome", "Metric", "n", "Median", "Mean [95% CI]", "Change", "p", "Severity"});
        for (TestResult test : report.tests()) {
            String label = abbreviate(test.label().replace('›', '>'));
            if (test.metrics().isEmpty()) {
                rows.add(new String[] {label, Format.outcomeWord(test.outcome()), "-", "0", "-", "-", "-", "-", "-"});
                continue;
            }
            boolean first = true;
            for (MetricResult m : test.primaryMetrics()) {
                Comparison c = m.comparison();
                rows.add(new String[] {first ? label : "", first ? Format.outcomeWord(test.outcome()) : "",
                        m.name() + (m.unit().isEmpty() ? "" : " (" + m.unit() + ")"), Integer.toString(m.summary().n()),
                        ascii(Format.number(m.summary().median())), ascii(Format.meanWithInterval(m.summary())),
                        c == null ? "-" : ascii(Format.percent(c.changePercent())), c == null ? "-" : ascii(Format.pValue(c.pValue())),
                        m.severity().word()});
                first = false;
            }
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        String nl = System.lineSeparator();
        out.append("Performance summary: ").append(MarkdownReport.totalsLine(report).replace("**", "")).append(nl);
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            for (int i = 0; i < row.length; i++) {
                boolean numeric = i >= 3 && i <= 7;
                String cell = row[i];
                String pad = " ".repeat(widths[i] - cell.length());
                out.append(i == 0 ? "" : "  ").append(numeric ? pad + cell : cell + (i == row.length - 1 ? "" : pad));
            }
            out.append(nl);
            if (r == 0) {
                int total = 0;
                for (int w : widths) {
                    total += w + 2;
                }
                out.append("-".repeat(total - 2)).append(nl);
            }
        }
        for (TestResult test : report.tests()) {
            if (test.diagnosis() != null && test.outcome() != Outcome.PASSED) {
                out.append(ascii(test.label().replace('›', '>'))).append(": ").append(test.diagnosis().type().name()).append(" - ")
                        .append(ascii(test.diagnosis().headline())).append(nl);
            }
        }
        for (BrokenRecord b : report.broken()) {
            out.append("broken record ").append(b.file()).append(": ").append(b.problem()).append(nl);
        }
        return out.toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_TEST_WIDTH ? text : text.substring(0, MAX_TEST_WIDTH - 3) + "...";
    }

    private static String ascii(String text) {
        return text.replace('–', '-');
    }
}
