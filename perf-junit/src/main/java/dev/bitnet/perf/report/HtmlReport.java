package dev.bitnet.perf.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.bitnet.perf.diagnosis.Diagnosis;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * {@code HtmlReport} renders a {@link RunReport} as one self-contained HTML file: inline CSS,
 * inline SVG charts from {@link SvgCharts}, and a few lines of inline script that only add a
 * filter box (the page is complete without script). A Content-Security-Policy forbids every
 * network fetch, so the file works offline and from an artifact download. The layout is a single
 * column that widens into a grid of charts on large screens; tables scroll sideways on a phone.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class HtmlReport {
    private HtmlReport() {}

    public static String render(RunReport report) {
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n")
                .append("<title>Performance report</title>\n<style>").append(CSS).append("</style>\n</head>\n<body>\n");
        html.append("<header><h1>Performance report</h1>\n<p class=\"totals\">").append(totals(report)).append("</p>\n");
        String environmentClass = report.environment().getOrDefault("environmentClass", "");
        html.append("<p class=\"meta\">Generated ").append(Html.escape(report.generatedAt()));
        if (!environmentClass.isEmpty()) {
            html.append(" · environment class <code>").append(Html.escape(environmentClass)).append("</code>");
        }
        html.append("</p>\n<div class=\"filters\" hidden><input type=\"search\" id=\"filter\" placeholder=\"Filter tests by name\" aria-label=\"Filter tests by name\">")
                .append("<label><input type=\"checkbox\" id=\"problems-only\"> problems only</label></div>\n</header>\n<main>\n");

        summaryTable(html, report);
        html.append("<section id=\"tests\"><h2>Tests</h2>\n");
        for (int i = 0; i < report.tests().size(); i++) {
            testArticle(html, report.tests().get(i), i);
        }
        if (report.tests().isEmpty()) {
            html.append("<p class=\"muted\">No performance test records were found.</p>\n");
        }
        html.append("</section>\n");
        history(html, report);
        broken(html, report);
        environment(html, report);
        html.append("</main>\n<footer>perf-junit · this file is self-contained and makes no network requests</footer>\n");
        html.append("<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return html.toString();
    }

    private static String totals(RunReport report) {
        StringBuilder t = new StringBuilder();
        t.append("<span class=\"pill\">").append(report.tests().size()).append(" tests</span>");
        pill(t, report.count(Outcome.FAILED), "failed", "bad");
        pill(t, report.count(Outcome.ABORTED), "aborted", "warn");
        pill(t, report.count(Outcome.PASSED), "passed", "good");
        pill(t, report.count(Outcome.SKIPPED), "skipped", "muted");
        pill(t, report.count(Severity.CRITICAL), "critical", "bad");
        pill(t, report.count(Severity.WARNING), "warning", "warn");
        pill(t, report.broken().size(), "broken records", "bad");
        return t.toString();
    }

    private static void pill(StringBuilder t, long count, String word, String css) {
        if (count > 0) {
            t.append(" <span class=\"pill ").append(css).append("\">").append(count).append(' ').append(word).append("</span>");
        }
    }

    private static void summaryTable(StringBuilder html, RunReport report) {
        if (report.tests().isEmpty()) {
            return;
        }
        html.append("<section id=\"summary\"><h2>Summary</h2><div class=\"scroll\"><table>\n<thead><tr><th>Test</th><th>Outcome</th>")
                .append("<th>Diagnosis</th><th>Metric</th><th class=\"num\">Median</th><th class=\"num\">Baseline</th>")
                .append("<th class=\"num\">Change</th><th>Severity</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < report.tests().size(); i++) {
            TestResult test = report.tests().get(i);
            List<MetricResult> metrics = test.primaryMetrics();
            int span = Math.max(1, metrics.size());
            html.append("<tr class=\"row\" data-test=\"t").append(i).append("\"><td rowspan=\"").append(span).append("\"><a href=\"#t")
                    .append(i).append("\">").append(Html.escape(test.label())).append("</a></td><td rowspan=\"").append(span)
                    .append("\">").append(badge(test.outcome())).append("</td><td rowspan=\"").append(span).append("\">")
                    .append(test.diagnosis() == null ? "" : Html.escape(test.diagnosis().type().title())).append("</td>");
            if (metrics.isEmpty()) {
                html.append("<td colspan=\"5\" class=\"muted\">no samples</td></tr>\n");
                continue;
            }
            for (int m = 0; m < metrics.size(); m++) {
                MetricResult metric = metrics.get(m);
                if (m > 0) {
                    html.append("<tr class=\"row\" data-test=\"t").append(i).append("\">");
                }
                Comparison c = metric.comparison();
                html.append("<td>").append(Html.escape(metric.name())).append("</td><td class=\"num\">")
                        .append(Html.escape(Format.withUnit(metric.summary().median(), metric.unit()))).append("</td><td class=\"num\">")
                        .append(c == null ? Format.NONE : Html.escape(Format.number(c.baselineMean()))).append("</td><td class=\"num\">")
                        .append(c == null ? Format.NONE : Html.escape(Format.percent(c.changePercent()))).append("</td><td>")
                        .append(severityBadge(metric.severity())).append("</td></tr>\n");
            }
        }
        html.append("</tbody></table></div></section>\n");
    }

    private static void testArticle(StringBuilder html, TestResult test, int index) {
        html.append("<article class=\"test ").append(test.isProblem() ? "problem" : "ok").append("\" id=\"t").append(index)
                .append("\" data-name=\"").append(Html.escape((test.className() + " " + test.displayName()).toLowerCase(Locale.ROOT)))
                .append("\">\n<h3>").append(Html.escape(test.label())).append(' ').append(badge(test.outcome()));
        if (test.worstSeverity() != Severity.NO_BASELINE) {
            html.append(' ').append(severityBadge(test.worstSeverity()));
        }
        html.append("</h3>\n");
        if (!test.className().isEmpty()) {
            html.append("<p class=\"meta\"><code>").append(Html.escape(test.className())).append("</code>");
            if (!test.environmentClass().isEmpty()) {
                html.append(" · <code>").append(Html.escape(test.environmentClass())).append("</code>");
            }
            html.append("</p>\n");
        }
        Diagnosis d = test.diagnosis();
        if (d != null) {
            html.append("<div class=\"diagnosis ").append(test.outcome() == Outcome.PASSED ? "note" : "alert").append("\"><p><strong>")
                    .append(Html.escape(d.type().title())).append("</strong> <code>").append(d.type().name()).append("</code>: ")
                    .append(Html.escape(d.headline())).append("</p>\n");
            if (!d.details().isBlank() && !d.details().strip().equals(test.verdict().strip())) {
                html.append("<p class=\"details\">").append(Html.escape(d.details())).append("</p>\n");
            }
            if (!d.environment().isBlank()) {
                html.append("<p class=\"meta\">Environment: ").append(Html.escape(d.environment())).append("</p>\n");
            }
            html.append("<p>Suggested actions:</p><ul>");
            for (String action : d.actions()) {
                html.append("<li>").append(Html.escape(action)).append("</li>");
            }
            html.append("</ul></div>\n");
        }
        if (!test.verdict().isBlank()) {
            html.append("<pre class=\"verdict\">").append(Html.escape(test.verdict().strip())).append("</pre>\n");
        }
        if (!test.retries().isEmpty()) {
            html.append("<p>Retries:</p><ul class=\"retries\">");
            for (RetryAttempt r : test.retries()) {
                html.append("<li>attempt ").append(r.attempt()).append(" failed with <code>").append(Html.escape(r.exceptionType()))
                        .append("</code> ").append(Html.escape(r.message())).append("</li>");
            }
            html.append("</ul>\n");
        }
        if (!test.metrics().isEmpty()) {
            html.append("<div class=\"scroll\"><table class=\"metrics\"><thead><tr><th>Metric</th><th class=\"num\">n</th>")
                    .append("<th class=\"num\">Median</th><th class=\"num\">Mean [95% CI]</th><th class=\"num\">p95</th>")
                    .append("<th class=\"num\">CV</th><th class=\"num\">Baseline mean</th><th class=\"num\">Change [95% CI]</th>")
                    .append("<th class=\"num\">p</th><th>Severity</th></tr></thead><tbody>\n");
            for (MetricResult m : test.metrics()) {
                SummaryStats s = m.summary();
                Comparison c = m.comparison();
                html.append("<tr><td>").append(Html.escape(m.name())).append(m.unit().isEmpty() ? "" : " <span class=\"muted\">("
                        + Html.escape(m.unit()) + ")</span>").append("</td><td class=\"num\">").append(s.n())
                        .append("</td><td class=\"num\">").append(Format.number(s.median()))
                        .append("</td><td class=\"num\">").append(Html.escape(Format.meanWithInterval(s)))
                        .append("</td><td class=\"num\">").append(Format.number(s.p95()))
                        .append("</td><td class=\"num\">").append(Double.isFinite(s.cvPercent())
                                ? String.format(Locale.ROOT, "%.1f%%", s.cvPercent()) : Format.NONE)
                        .append("</td><td class=\"num\">").append(c == null ? Format.NONE : Format.number(c.baselineMean()))
                        .append("</td><td class=\"num\">").append(c == null ? Format.NONE
                                : Html.escape(Format.percent(c.changePercent()) + " " + Format.interval(c)))
                        .append("</td><td class=\"num\">").append(c == null ? Format.NONE : Html.escape(Format.pValue(c.pValue())))
                        .append("</td><td>").append(severityBadge(m.severity())).append("</td></tr>\n");
            }
            html.append("</tbody></table></div>\n");
            List<ThresholdCheck> thresholds = new ArrayList<>();
            List<String> units = new ArrayList<>();
            for (MetricResult m : test.metrics()) {
                for (ThresholdCheck t : m.thresholds()) {
                    thresholds.add(t);
                    units.add(m.unit());
                }
            }
            if (!thresholds.isEmpty()) {
                html.append("<div class=\"scroll\"><table class=\"thresholds\"><thead><tr><th>Threshold</th><th class=\"num\">Required</th>")
                        .append("<th>Derivation</th><th class=\"num\">Measured</th><th>Result</th></tr></thead><tbody>\n");
                for (int i = 0; i < thresholds.size(); i++) {
                    ThresholdCheck t = thresholds.get(i);
                    html.append("<tr><td>").append(Html.escape(t.description())).append("</td><td class=\"num\">")
                            .append(Html.escape(Format.withUnit(t.required(), units.get(i)))).append("</td><td>")
                            .append(Html.escape(t.derivation())).append("</td><td class=\"num\">")
                            .append(Html.escape(Format.withUnit(t.measured(), units.get(i)))).append("</td><td>")
                            .append(t.passed() ? "<span class=\"badge good\">met</span>" : "<span class=\"badge bad\">missed</span>")
                            .append("</td></tr>\n");
                }
                html.append("</tbody></table></div>\n");
            }
            List<MetricResult> primary = test.primaryMetrics();
            charts(html, primary);
            List<MetricResult> others = test.metrics().stream().filter(m -> !primary.contains(m)).toList();
            if (!others.isEmpty()) {
                html.append("<details><summary>Charts of ").append(others.size()).append(" more metrics</summary>\n");
                charts(html, others);
                html.append("</details>\n");
            }
        }
        if (!test.config().isEmpty()) {
            html.append("<details><summary>Configuration</summary><dl>");
            new java.util.TreeMap<>(test.config()).forEach((k, v) -> html.append("<dt>").append(Html.escape(k)).append("</dt><dd>")
                    .append(Html.escape(v)).append("</dd>"));
            html.append("</dl></details>\n");
        }
        if (!test.source().isEmpty()) {
            html.append("<p class=\"meta\">Record: <code>").append(Html.escape(test.source())).append("</code></p>\n");
        }
        html.append("</article>\n");
    }

    private static void charts(StringBuilder html, List<MetricResult> metrics) {
        html.append("<div class=\"charts\">\n");
        for (MetricResult m : metrics) {
            html.append("<figure>").append(SvgCharts.boxPlot(m)).append("<figcaption>").append(Html.escape(m.name()))
                    .append(m.baselineSamples().length > 0 ? ": this run against the baseline" : ": this run (no baseline samples)")
                    .append("</figcaption></figure>\n");
        }
        html.append("</div>\n");
    }

    private static void history(StringBuilder html, RunReport report) {
        if (report.history().isEmpty()) {
            return;
        }
        Map<String, String> units = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (TestResult t : report.tests()) {
            labels.put(t.id(), t.label());
            for (MetricResult m : t.metrics()) {
                units.putIfAbsent(m.name(), m.unit());
            }
        }
        html.append("<section id=\"history\"><h2>History</h2>\n");
        report.history().forEach((environmentClass, points) -> {
            html.append("<h3>Environment class <code>").append(Html.escape(environmentClass)).append("</code></h3>\n<div class=\"charts\">\n");
            Map<String, List<HistoryPoint>> series = new LinkedHashMap<>();
            for (HistoryPoint p : points) {
                series.computeIfAbsent(p.test() + "\u0000" + p.metric(), k -> new ArrayList<>()).add(p);
            }
            series.forEach((key, seriesPoints) -> {
                HistoryPoint first = seriesPoints.get(0);
                html.append("<figure>").append(SvgCharts.trend(first.metric(), units.getOrDefault(first.metric(), ""), seriesPoints))
                        .append("<figcaption>").append(Html.escape(labels.getOrDefault(first.test(), first.test()))).append(" · ").append(Html.escape(first.metric()))
                        .append(" over ").append(seriesPoints.size()).append(seriesPoints.size() == 1 ? " run" : " runs")
                        .append("</figcaption></figure>\n");
            });
            html.append("</div>\n");
        });
        html.append("</section>\n");
    }

    private static void broken(StringBuilder html, RunReport report) {
        if (report.broken().isEmpty()) {
            return;
        }
        html.append("<section id=\"broken\"><h2>Broken records</h2><p>These records could not be read; the rest of the report is complete.</p>")
                .append("<div class=\"scroll\"><table><thead><tr><th>File</th><th>Problem</th></tr></thead><tbody>\n");
        for (BrokenRecord b : report.broken()) {
            html.append("<tr><td><code>").append(Html.escape(b.file())).append("</code></td><td>").append(Html.escape(b.problem()))
                    .append("</td></tr>\n");
        }
        html.append("</tbody></table></div></section>\n");
    }

    private static void environment(StringBuilder html, RunReport report) {
        if (report.environment().isEmpty()) {
            return;
        }
        html.append("<section id=\"environment\"><details><summary>Environment</summary><dl>");
        report.environment().forEach((k, v) -> html.append("<dt>").append(Html.escape(k)).append("</dt><dd>").append(Html.escape(v)).append("</dd>"));
        html.append("</dl></details></section>\n");
    }

    private static String badge(Outcome outcome) {
        String css = outcome == Outcome.FAILED ? "bad" : outcome == Outcome.ABORTED ? "warn" : outcome == Outcome.PASSED ? "good" : "muted";
        return "<span class=\"badge " + css + "\">" + Format.outcomeWord(outcome) + "</span>";
    }

    private static String severityBadge(Severity severity) {
        String css = severity == Severity.CRITICAL ? "bad" : severity == Severity.WARNING ? "warn"
                : severity == Severity.IMPROVEMENT ? "good" : "muted";
        return "<span class=\"badge " + css + "\">" + severity.word() + "</span>";
    }

    private static final String CSS = String.join("\n",
            ":root{--bg:#fff;--fg:#1d2125;--muted:#5f6b76;--line:#d8dee4;--card:#f6f8fa;--bad:#c62828;--warn:#b26a00;--good:#2e7d32;",
            "--cur:#1f6feb;--base:#8250df;color-scheme:light dark}",
            "@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9aa7b3;--line:#30363d;--card:#161b22;",
            "--bad:#ff7b72;--warn:#e3b341;--good:#56d364;--cur:#58a6ff;--base:#d2a8ff}}",
            "*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);",
            "font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}",
            "header,main,footer{max-width:1400px;margin:0 auto;padding:0 16px}header{padding-top:12px}",
            "h1{font-size:1.6em;margin:.4em 0}h2{border-bottom:1px solid var(--line);padding-bottom:.2em;margin-top:1.6em}",
            "h3{margin:.2em 0;font-size:1.1em;overflow-wrap:anywhere}code{font-size:.92em;overflow-wrap:anywhere}",
            ".meta,.muted{color:var(--muted)}.meta{font-size:.9em;margin:.2em 0}",
            ".pill,.badge{display:inline-block;border-radius:999px;padding:0 .6em;border:1px solid var(--line);font-size:.85em;",
            "font-weight:600;white-space:nowrap}.bad{color:var(--bad);border-color:var(--bad)}.warn{color:var(--warn);border-color:var(--warn)}",
            ".good{color:var(--good);border-color:var(--good)}",
            ".filters{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin:8px 0}",
            ".filters input[type=search]{flex:1 1 220px;max-width:420px;padding:6px 8px;border:1px solid var(--line);border-radius:6px;",
            "background:var(--card);color:var(--fg)}",
            ".scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:.5em 0}",
            "table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border-bottom:1px solid var(--line);padding:4px 8px;",
            "text-align:left;vertical-align:top}th{background:var(--card);white-space:nowrap}td.num,th.num{text-align:right;",
            "font-variant-numeric:tabular-nums;white-space:nowrap}",
            ".test{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--good);border-radius:8px;",
            "padding:12px 14px;margin:14px 0}.test.problem{border-left-color:var(--bad)}",
            ".diagnosis{border:1px solid var(--line);border-radius:6px;padding:6px 12px;margin:8px 0;background:var(--bg)}",
            ".diagnosis.alert{border-color:var(--bad)}.diagnosis ul{margin:.2em 0 .5em;padding-left:1.2em}",
            ".details{font-family:ui-monospace,monospace;font-size:.85em;overflow-wrap:anywhere}",
            "pre.verdict{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--bg);border:1px solid var(--line);",
            "border-radius:6px;padding:8px;font-size:.85em}",
            ".charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,480px),1fr));gap:12px}",
            "figure{margin:0;background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:6px}",
            "figcaption{font-size:.85em;color:var(--muted);text-align:center;overflow-wrap:anywhere}",
            "svg.chart{width:100%;height:auto;display:block}svg text{fill:var(--fg);font-size:13px}svg .tick,svg .muted{fill:var(--muted)}",
            "svg .axis{stroke:var(--muted)}svg .grid{stroke:var(--line);stroke-dasharray:2 3}svg .whisker{stroke:var(--fg);stroke-width:1.2}",
            "svg .box.current .iqr{fill:var(--cur);fill-opacity:.25;stroke:var(--cur)}svg .box.baseline .iqr{fill:var(--base);",
            "fill-opacity:.25;stroke:var(--base)}svg .median{stroke:var(--fg);stroke-width:2.5}svg .mean{fill:var(--fg)}",
            "svg .dots{fill:none;stroke-width:5.2;stroke-linecap:round;stroke-opacity:.6}svg .dots.current{stroke:var(--cur)}",
            "svg .dots.baseline{stroke:var(--base)}",
            "svg .trend{fill:none;stroke:var(--cur);stroke-width:2}svg .point{fill:var(--cur)}",
            "dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;font-size:.9em}dt{color:var(--muted)}",
            "dd{margin:0;overflow-wrap:anywhere}footer{color:var(--muted);font-size:.85em;padding:24px 16px}",
            "@media (max-width:600px){body{font-size:14px}.test{padding:10px}th,td{padding:3px 5px}}");

    /** Progressive enhancement only: shows the filter box and hides tests that do not match. */
    private static final String SCRIPT = String.join("\n",
            "(function(){",
            "var box=document.querySelector('.filters');box.hidden=false;",
            "var text=document.getElementById('filter'),only=document.getElementById('problems-only');",
            "function apply(){var q=text.value.trim().toLowerCase();",
            "document.querySelectorAll('article.test').forEach(function(a){",
            "var show=(!q||a.dataset.name.indexOf(q)>=0)&&(!only.checked||a.classList.contains('problem'));",
            "a.hidden=!show;document.querySelectorAll('tr.row[data-test=\"'+a.id+'\"]').forEach(function(r){r.hidden=!show;});});}",
            "text.addEventListener('input',apply);only.addEventListener('change',apply);",
            "document.body.setAttribute('data-script','ready');",
            "})();");
}
