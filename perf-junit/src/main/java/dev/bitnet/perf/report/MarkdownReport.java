package dev.bitnet.perf.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.bitnet.perf.diagnosis.Diagnosis;
import java.util.List;
import org.apiguardian.api.API;

/**
 * {@code MarkdownReport} renders a {@link RunReport} as GitHub-flavoured Markdown: totals, the
 * problems (failures, aborts, critical and warning changes) with their diagnoses, a summary table
 * of every test and metric, the comparison per metric, and the broken records. Tests come in
 * report order, so problems are always on top.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class MarkdownReport {
    private MarkdownReport() {}

    public static String render(RunReport report) {
        StringBuilder md = new StringBuilder();
        md.append("# Performance report\n\n");
        md.append(totalsLine(report)).append("\n\n");
        if (!report.environment().isEmpty()) {
            String environmentClass = report.environment().getOrDefault("environmentClass", "");
            if (!environmentClass.isEmpty()) {
                md.append("Environment class: `").append(code(environmentClass)).append("`  \n");
            }
            md.append("Generated ").append(report.generatedAt()).append("\n\n");
        }

        List<TestResult> problems = report.tests().stream().filter(TestResult::isProblem).toList();
        if (!problems.isEmpty()) {
            md.append("## Regressions and failures\n\n");
            for (TestResult test : problems) {
                md.append("### ").append(icon(test)).append(' ').append(inline(test.label())).append("\n\n");
                md.append("**").append(Format.outcomeWord(test.outcome())).append("**");
                if (test.worstSeverity() == Severity.CRITICAL || test.worstSeverity() == Severity.WARNING) {
                    md.append(", ").append(test.worstSeverity().word()).append(" change");
                }
                md.append("\n\n");
                if (!test.verdict().isBlank()) {
                    md.append("```\n").append(test.verdict().strip().replace("```", "'''")).append("\n```\n\n");
                }
                Diagnosis d = test.diagnosis();
                if (d != null) {
                    md.append("**Diagnosis: ").append(d.type().title()).append("** (`").append(d.type().name()).append("`): ")
                            .append(inline(d.headline())).append("\n\n");
                    if (!d.details().isBlank() && !d.details().strip().equals(test.verdict().strip())) {
                        md.append("- Details: ").append(inline(d.details())).append('\n');
                    }
                    if (!d.environment().isBlank()) {
                        md.append("- Environment: ").append(inline(d.environment())).append('\n');
                    }
                    md.append("- Suggested actions:\n");
                    for (String action : d.actions()) {
                        md.append("  - ").append(inline(action)).append('\n');
                    }
                    md.append('\n');
                }
                for (RetryAttempt r : test.retries()) {
                    md.append("- Retry after attempt ").append(r.attempt()).append(": `").append(code(r.exceptionType()))
                            .append("` ").append(inline(r.message())).append('\n');
                }
                if (!test.retries().isEmpty()) {
                    md.append('\n');
                }
            }
        }

        md.append("## Summary\n\n");
        if (report.tests().isEmpty()) {
            md.append("No performance test records were found.\n\n");
        } else {
            md.append("| Test | Outcome | Metric | n | Median | Mean [95% CI] | CV | Baseline mean | Change | 95% CI of change | p | Severity |\n");
            md.append("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
            for (TestResult test : report.tests()) {
                if (test.metrics().isEmpty()) {
                    md.append("| ").append(cell(test.label())).append(" | ").append(icon(test)).append(' ')
                            .append(Format.outcomeWord(test.outcome())).append(" | – | 0 | – | – | – | – | – | – | – | ")
                            .append(test.diagnosis() == null ? "–" : test.diagnosis().type().title()).append(" |\n");
                    continue;
                }
                boolean first = true;
                for (MetricResult m : test.primaryMetrics()) {
                    SummaryStats s = m.summary();
                    Comparison c = m.comparison();
                    md.append("| ").append(first ? cell(test.label()) : "″").append(" | ")
                            .append(first ? icon(test) + " " + Format.outcomeWord(test.outcome()) : "").append(" | ")
                            .append(cell(m.name())).append(unitSuffix(m)).append(" | ")
                            .append(s.n()).append(" | ")
                            .append(Format.number(s.median())).append(" | ")
                            .append(Format.meanWithInterval(s)).append(" | ")
                            .append(Double.isFinite(s.cvPercent()) ? String.format(java.util.Locale.ROOT, "%.1f%%", s.cvPercent()) : Format.NONE).append(" | ")
                            .append(c == null ? Format.NONE : Format.number(c.baselineMean())).append(" | ")
                            .append(c == null ? Format.NONE : Format.percent(c.changePercent())).append(" | ")
                            .append(c == null ? Format.NONE : Format.interval(c)).append(" | ")
                            .append(c == null ? Format.NONE : Format.pValue(c.pValue())).append(" | ")
                            .append(severityCell(m.severity())).append(" |\n");
                    first = false;
                }
            }
            long hidden = report.tests().stream().mapToLong(t -> t.metrics().size() - t.primaryMetrics().size()).sum();
            if (hidden > 0) {
                md.append("\n").append(hidden).append(" more metric rows (allocation, CPU time, GC, heap, RSS...) are in report.html and performance-report.json.\n");
            }
            md.append('\n');
        }

        boolean anyThreshold = report.tests().stream().flatMap(t -> t.metrics().stream()).anyMatch(m -> !m.thresholds().isEmpty());
        if (anyThreshold) {
            md.append("## Thresholds\n\n| Test | Threshold | Required | Derivation | Measured | Result |\n|---|---|--:|---|--:|---|\n");
            for (TestResult test : report.tests()) {
                for (MetricResult m : test.metrics()) {
                    for (ThresholdCheck t : m.thresholds()) {
                        md.append("| ").append(cell(test.label())).append(" | ").append(cell(t.description())).append(" | ")
                                .append(Format.withUnit(t.required(), m.unit())).append(" | ")
                                .append(t.derivation().isEmpty() ? Format.NONE : cell(t.derivation())).append(" | ")
                                .append(Format.withUnit(t.measured(), m.unit())).append(" | ")
                                .append(t.passed() ? "✅ met" : "❌ missed").append(" |\n");
                    }
                }
            }
            md.append('\n');
        }

        if (!report.broken().isEmpty()) {
            md.append("## Broken records\n\nThese records could not be read; the rest of the report is complete.\n\n");
            md.append("| File | Problem |\n|---|---|\n");
            for (BrokenRecord b : report.broken()) {
                md.append("| `").append(code(b.file())).append("` | ").append(cell(b.problem())).append(" |\n");
            }
            md.append('\n');
        }
        return md.toString();
    }

    static String totalsLine(RunReport report) {
        return "**" + report.tests().size() + " tests:** " + report.count(Outcome.PASSED) + " passed, "
                + report.count(Outcome.FAILED) + " failed, " + report.count(Outcome.ABORTED) + " aborted, "
                + report.count(Outcome.SKIPPED) + " skipped; " + report.count(Severity.CRITICAL) + " critical and "
                + report.count(Severity.WARNING) + " warning changes"
                + (report.broken().isEmpty() ? "" : "; " + report.broken().size() + " broken records");
    }

    private static String unitSuffix(MetricResult m) {
        return m.unit().isEmpty() ? "" : " (" + cell(m.unit()) + ")";
    }

    private static String icon(TestResult test) {
        switch (test.outcome()) {
            case FAILED:
                return "❌";
            case ABORTED:
                return "⚠️";
            case SKIPPED:
                return "⏭️";
            default:
                return test.worstSeverity() == Severity.WARNING || test.worstSeverity() == Severity.CRITICAL ? "⚠️" : "✅";
        }
    }

    private static String severityCell(Severity severity) {
        switch (severity) {
            case CRITICAL:
                return "🔴 critical";
            case WARNING:
                return "🟠 warning";
            case IMPROVEMENT:
                return "🟢 improvement";
            case STABLE:
                return "stable";
            default:
                return "no baseline";
        }
    }

    /** Text safe inside a table cell: no pipes or line breaks, Markdown and HTML specials escaped. */
    static String cell(String text) {
        return inline(text).replace("|", "\\|");
    }

    /** Text safe in a paragraph: one line, with characters that would start markup escaped. */
    static String inline(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char ch : text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').toCharArray()) {
            switch (ch) {
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                case '&':
                    out.append("&amp;");
                    break;
                case '*': case '_': case '`': case '[': case ']': case '\\': case '#':
                    out.append('\\').append(ch);
                    break;
                default:
                    out.append(ch);
            }
        }
        return out.toString();
    }

    /** Text inside a code span: backticks cannot be escaped there, so they become quotes. */
    private static String code(String text) {
        return text.replace('`', '\'').replace('\n', ' ').replace("|", "\\|");
    }
}
