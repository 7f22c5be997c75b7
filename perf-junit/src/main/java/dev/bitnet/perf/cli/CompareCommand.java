package dev.bitnet.perf.cli;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bitnet.perf.baseline.BaselineFormatException;
import dev.bitnet.perf.baseline.SampleFiles;
import dev.bitnet.perf.compare.BaselineComparator;
import dev.bitnet.perf.compare.ComparisonSettings;
import dev.bitnet.perf.compare.MetricComparison;
import dev.bitnet.perf.compare.MetricPolicy;
import dev.bitnet.perf.compare.Severity;
import dev.bitnet.perf.compare.SignificanceTest;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * {@code perf-junit compare CURRENT --baseline BASELINE}: compares every metric of two sample
 * files statistically (see {@link BaselineComparator}) and prints one row or JSON object per
 * metric.
 *
 * <p>JSON output keeps the original comparison script's field names ({@code metric_name},
 * {@code current_value} and {@code baseline_value} = means, {@code change_percent} = relative
 * change of the mean, {@code statistical_significance} = the chosen test's p-value,
 * {@code severity}, {@code confidence_interval} = [low, high] of the bootstrap 95% interval of the
 * relative change of the median, in percent) and adds its own beside them.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class CompareCommand implements Subcommand {
    private static final Set<String> FLAGS = Set.of("--fail-on-regression", "--fail-on-warning");
    private static final Set<String> VALUED = Set.of("--baseline", "--format", "--test", "--alpha", "--noise-band", "--metrics");

    @Override
    public String name() {
        return "compare";
    }

    @Override
    public String summary() {
        return "compare a run's samples with a baseline: Welch/Mann-Whitney p-values, bootstrap intervals, severities";
    }

    @Override
    public String usage() {
        return "Usage: java -jar perf-junit.jar compare CURRENT --baseline BASELINE [--fail-on-regression] [--fail-on-warning]\n"
                + "           [--format human|json] [--test welch|student|mann-whitney] [--alpha A] [--noise-band PERCENT]\n"
                + "           [--metrics NAME,NAME...]\n\n"
                + "CURRENT and BASELINE are JSON files: the original project's {\"tokens_per_second\": [...], \"latency_ms\": [...]},\n"
                + "a perf-junit baseline (baselines/<class>/<test>.json) or a perf-junit record (target/perf-junit/records/*.json).\n"
                + "Both files must hold the same metrics, or choose some with --metrics.\n\n"
                + "A change is significant when p < alpha (default 0.05) and the 95% bootstrap interval of the median's relative\n"
                + "change lies outside +-noise band (default 2%). Severity thresholds: tokens/s critical -15%, warning -8%,\n"
                + "improvement +5%; latency +25% / +15% / -5%; memory +20% / +10% / -5%.\n\n"
                + "Exit codes: 0 ok; 1 a critical regression (or a warning with --fail-on-warning) and --fail-on-regression;\n"
                + "2 bad input (the message names the file and what is wrong).";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Arguments arguments = Arguments.parse(args, FLAGS, VALUED);
        if (arguments.positional().size() != 1) {
            throw new CliException("expected exactly one CURRENT file but got " + arguments.positional() + ".\n" + usage());
        }
        Path currentFile = Path.of(arguments.positional().get(0));
        Path baselineFile = Path.of(arguments.option("--baseline")
                .orElseThrow(() -> new CliException("--baseline BASELINE is required.\n" + usage())));
        String format = arguments.option("--format").orElse("human").toLowerCase(Locale.ROOT);
        if (!format.equals("human") && !format.equals("json")) {
            throw new CliException("--format must be human or json but was: " + format);
        }
        ComparisonSettings settings = settings(arguments);

        Map<String, double[]> current;
        Map<String, double[]> baseline;
        try {
            current = SampleFiles.read(currentFile);
            baseline = SampleFiles.read(baselineFile);
        } catch (BaselineFormatException e) {
            throw new CliException(e.getMessage(), e);
        }
        List<String> metrics = metricsToCompare(arguments, currentFile, current, baselineFile, baseline);

        BaselineComparator comparator = new BaselineComparator(settings);
        List<MetricComparison> results = new ArrayList<>();
        for (String metric : metrics) {
            try {
                results.add(comparator.compare(MetricPolicy.defaultFor(metric), baseline.get(metric), current.get(metric)));
            } catch (IllegalArgumentException e) {
                throw new CliException("cannot compare metric '" + metric + "' of [" + currentFile + "] with [" + baselineFile + "]: "
                        + e.getMessage(), e);
            }
        }
        if (format.equals("json")) {
            out.println(json(results));
        } else {
            out.print(human(results, currentFile, baselineFile, settings));
        }
        boolean failOnWarning = arguments.flag("--fail-on-warning");
        boolean bad = results.stream().anyMatch(r -> r.severity() == Severity.CRITICAL
                || (failOnWarning && r.severity() == Severity.WARNING));
        return arguments.flag("--fail-on-regression") && bad ? Main.FAILED : Main.OK;
    }

    private static ComparisonSettings settings(Arguments arguments) {
        ComparisonSettings settings = ComparisonSettings.defaults();
        if (arguments.option("--test").isPresent()) {
            try {
                settings = settings.withTest(SignificanceTest.parse(arguments.option("--test").get()));
            } catch (IllegalArgumentException e) {
                throw new CliException("--test: " + e.getMessage());
            }
        }
        if (arguments.option("--alpha").isPresent()) {
            String alpha = arguments.option("--alpha").get();
            try {
                settings = settings.withAlpha(Double.parseDouble(alpha));
            } catch (IllegalArgumentException e) {
                throw new CliException("--alpha must be a number in (0, 1) but was: " + alpha);
            }
        }
        if (arguments.option("--noise-band").isPresent()) {
            String band = arguments.option("--noise-band").get();
            try {
                settings = settings.withNoiseBandPercent(Double.parseDouble(band.replace("%", "")));
            } catch (IllegalArgumentException e) {
                throw new CliException("--noise-band must be a percentage of zero or more but was: " + band);
            }
        }
        return settings;
    }

    private static List<String> metricsToCompare(Arguments arguments, Path currentFile, Map<String, double[]> current,
            Path baselineFile, Map<String, double[]> baseline) {
        if (arguments.option("--metrics").isPresent()) {
            List<String> chosen = new ArrayList<>(new LinkedHashSet<>(Arrays.asList(arguments.option("--metrics").get().split("\\s*,\\s*"))));
            for (String metric : chosen) {
                if (!current.containsKey(metric)) {
                    throw new CliException("File [" + currentFile + "] has no metric '" + metric + "'; it has " + current.keySet() + ".");
                }
                if (!baseline.containsKey(metric)) {
                    throw new CliException("File [" + baselineFile + "] has no metric '" + metric + "'; it has " + baseline.keySet() + ".");
                }
            }
            return chosen;
        }
        if (!new TreeSet<>(current.keySet()).equals(new TreeSet<>(baseline.keySet()))) {
            Set<String> onlyCurrent = new TreeSet<>(current.keySet());
            onlyCurrent.removeAll(baseline.keySet());
            Set<String> onlyBaseline = new TreeSet<>(baseline.keySet());
            onlyBaseline.removeAll(current.keySet());
            throw new CliException("File [" + baselineFile + "] holds metrics " + new TreeSet<>(baseline.keySet())
                    + " but [" + currentFile + "] holds " + new TreeSet<>(current.keySet()) + " (only in the current file: " + onlyCurrent
                    + ", only in the baseline: " + onlyBaseline + "). Compare the common ones with --metrics.");
        }
        return new ArrayList<>(current.keySet());
    }

    static String json(List<MetricComparison> results) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (MetricComparison r : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            // the original script's fields
            row.put("metric_name", r.metricName());
            row.put("current_value", finite(r.currentMean()));
            row.put("baseline_value", finite(r.baselineMean()));
            row.put("change_percent", finite(r.changePercent()));
            row.put("statistical_significance", finite(r.pValue()));
            row.put("severity", r.severity().label());
            row.put("confidence_interval", Arrays.asList(finite(r.interval().low()), finite(r.interval().high())));
            // ours
            row.put("significant", r.significant());
            row.put("regression", r.regression());
            row.put("direction", r.direction().name());
            row.put("test", r.test().cliName());
            row.put("p_value_welch", finite(r.welchP()));
            row.put("p_value_mann_whitney", finite(r.mannWhitneyP()));
            row.put("alpha", r.alpha());
            row.put("noise_band_percent", r.noiseBandPercent());
            row.put("confidence_level", r.interval().level());
            row.put("confidence_interval_of", "relative change of the median, percent (bootstrap)");
            row.put("current_median", finite(r.currentMedian()));
            row.put("baseline_median", finite(r.baselineMedian()));
            row.put("median_change_percent", finite(r.medianChangePercent()));
            row.put("current_samples", r.currentCount());
            row.put("baseline_samples", r.baselineCount());
            row.put("hedges_g", finite(r.hedgesG()));
            row.put("cliffs_delta", finite(r.cliffsDelta()));
            row.put("note", r.note());
            row.put("verdict", r.sentence());
            rows.add(row);
        }
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write comparison as JSON", e);
        }
    }

    private static @Nullable Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    static String human(List<MetricComparison> results, Path currentFile, Path baselineFile, ComparisonSettings settings) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Comparing %s against baseline %s%n(%s p-values, alpha %.3g, noise band ±%.3g%%, %.0f%% bootstrap"
                        + " interval of the median's relative change)%n%n", currentFile, baselineFile, settings.test().cliName(),
                settings.alpha(), settings.noiseBandPercent(), settings.confidenceLevel() * 100));
        text.append(String.format(Locale.ROOT, "%-20s %12s %12s %9s %22s %8s  %s%n", "metric", "baseline", "current", "change",
                "95% CI (median)", "p", "severity"));
        int critical = 0;
        int warning = 0;
        int improvement = 0;
        for (MetricComparison r : results) {
            String interval = r.note().isEmpty() ? String.format(Locale.ROOT, "[%+.1f%%, %+.1f%%]", r.interval().low(), r.interval().high()) : "-";
            String change = Double.isNaN(r.changePercent()) ? "-" : String.format(Locale.ROOT, "%+.1f%%", r.changePercent());
            String p = Double.isNaN(r.pValue()) ? "-" : r.pValue() < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", r.pValue());
            text.append(String.format(Locale.ROOT, "%-20s %12s %12s %9s %22s %8s  %s%n", r.metricName(), number(r.baselineMean()),
                    number(r.currentMean()), change, interval, p, r.severity().label()));
            switch (r.severity()) {
                case CRITICAL:
                    critical++;
                    break;
                case WARNING:
                    warning++;
                    break;
                case IMPROVEMENT:
                    improvement++;
                    break;
                default:
                    break;
            }
        }
        text.append('\n');
        for (MetricComparison r : results) {
            text.append("  ").append(r.metricName()).append(": ").append(r.sentence()).append('\n');
        }
        text.append(String.format(Locale.ROOT, "%nSummary: %d critical, %d warning, %d improvement, %d stable.%n", critical, warning,
                improvement, results.size() - critical - warning - improvement));
        return text.toString();
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e7 || (magnitude < 1e-3 && magnitude != 0)) {
            return String.format(Locale.ROOT, "%.4g", value);
        }
        return String.format(Locale.ROOT, magnitude >= 100 ? "%.1f" : "%.4f", value);
    }
}
