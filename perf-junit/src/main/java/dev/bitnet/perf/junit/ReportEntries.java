package dev.bitnet.perf.junit;

import dev.bitnet.perf.sample.Metric;
import dev.bitnet.perf.stats.Summary;
import dev.bitnet.perf.verdict.Evidence;
import dev.bitnet.perf.verdict.Finding;
import dev.bitnet.perf.verdict.Status;
import dev.bitnet.perf.verdict.Verdict;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The key figures of a performance test as flat JUnit report entries (STYLE.md §2): per recorded
 * metric {@code perf.<metric>.mean}, {@code .median}, {@code .p95}, {@code .ci.low},
 * {@code .ci.high}, {@code .ci.level}, {@code .samples}, {@code .unit}, and {@code .verdict} when a
 * check judged it; then {@code perf.verdict} and {@code perf.record}. Unknown (NaN) figures are
 * left out; the unit and sample count are always present. Unless {@code perf.entries.stdout=false},
 * the same entries are printed to standard output, where Maven Surefire keeps them in its XML
 * report.
 *
 * @since 0.1
 */
final class ReportEntries {

    private ReportEntries() {}

    /** One map per metric, then one for the test. */
    static java.util.List<Map<String, String>> of(Evidence evidence, Verdict verdict, Path recordFile) {
        java.util.List<Map<String, String>> entries = new java.util.ArrayList<>();
        evidence.summaries().forEach((metric, summary) -> entries.add(metricEntry(metric, summary, verdict)));
        Map<String, String> test = new LinkedHashMap<>();
        test.put("perf.verdict", verdict.outcome().name());
        test.put("perf.record", recordFile.toString());
        entries.add(test);
        return entries;
    }

    /** Prefix of the printed entries; distinct from the progress lines' {@code [perf]}. */
    static final String PRINT_PREFIX = "[perf-entries] ";

    /**
     * The entries as text: one line per entry map (one per metric, then the test's), each
     * {@code [perf-entries] <test>: key = value, key = value, ...}.
     */
    static String asText(String testName, java.util.List<Map<String, String>> entries) {
        StringBuilder out = new StringBuilder();
        for (Map<String, String> entry : entries) {
            out.append(PRINT_PREFIX).append(testName).append(": ");
            String separator = "";
            for (Map.Entry<String, String> pair : entry.entrySet()) {
                out.append(separator).append(pair.getKey()).append(" = ").append(pair.getValue());
                separator = ", ";
            }
            out.append(System.lineSeparator());
        }
        return out.toString();
    }

    private static Map<String, String> metricEntry(Metric metric, Summary summary, Verdict verdict) {
        String prefix = "perf." + metric.canonicalName() + ".";
        Map<String, String> entry = new LinkedHashMap<>();
        put(entry, prefix + "mean", summary.mean());
        put(entry, prefix + "median", summary.median());
        put(entry, prefix + "p95", summary.p95());
        put(entry, prefix + "ci.low", summary.meanInterval().low());
        put(entry, prefix + "ci.high", summary.meanInterval().high());
        put(entry, prefix + "ci.level", summary.meanInterval().level());
        entry.put(prefix + "samples", String.valueOf(summary.n()));
        entry.put(prefix + "unit", metric.unit());
        Status judged = null;
        for (Finding finding : verdict.findings()) {
            if (finding.metric() == metric && (finding.status() == Status.PASSED || finding.status() == Status.FAILED)) {
                judged = judged == Status.FAILED ? judged : finding.status();
            }
        }
        if (judged != null) {
            entry.put(prefix + "verdict", judged.name());
        }
        return entry;
    }

    private static void put(Map<String, String> entry, String key, double value) {
        if (!Double.isNaN(value) && !Double.isInfinite(value)) {
            entry.put(key, number(value));
        }
    }

    /** Six significant digits, plain notation. */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf((long) value);
        }
        return new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

}
