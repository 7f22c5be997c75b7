package dev.bitnet.perf.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet.perf.diagnosis.Diagnosis;
import dev.bitnet.perf.diagnosis.DiagnosisClassifier;
import dev.bitnet.perf.diagnosis.DiagnosisSettings;
import dev.bitnet.perf.diagnosis.DiagnosisType;
import dev.bitnet.perf.diagnosis.EnvironmentFacts;
import dev.bitnet.perf.diagnosis.FailureContext;
import dev.bitnet.perf.diagnosis.MetricSpread;
import dev.bitnet.perf.record.PerfRecord;
import dev.bitnet.perf.record.RecordJson;
import dev.bitnet.perf.sample.Metric;
import dev.bitnet.perf.sample.Samples;
import dev.bitnet.perf.stats.Summary;
import dev.bitnet.perf.verdict.Finding;
import dev.bitnet.perf.verdict.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Turns one per-test JSON record into the report model. Knows two shapes: perf-junit's run record
 * ({@code perf-junit/RECORD-SCHEMA.md}: {@code schemaVersion} and a {@code test} object), read with
 * {@link RecordJson}, and the report's own test entry ({@link ReportJson#testFromJson}).
 *
 * <p>A run record's metric values come from its samples ({@link Samples#values(Metric)}), its
 * summaries from the record. The optional fields {@code diagnosis}, {@code retries} and, per
 * metric, {@code comparison} and {@code baselineSamples} are read where present; a failed record
 * without a diagnosis gets one classified from its error type and measured spread.
 *
 * @since 0.1
 */
final class RecordAdapter {
    private static final DiagnosisClassifier CLASSIFIER = new DiagnosisClassifier(DiagnosisSettings.defaults());

    private RecordAdapter() {}

    static TestResult toTestResult(JsonNode node, String source) {
        ReportJson.requireObject(node, "record");
        if (node.has("schemaVersion") && node.path("test").isObject()) {
            return fromRunRecord(node, source);
        }
        return ReportJson.testFromJson(node, source);
    }

    private static TestResult fromRunRecord(JsonNode node, String source) {
        int version = node.path("schemaVersion").asInt(-1);
        if (version < 1 || version > PerfRecord.SCHEMA_VERSION) {
            throw new IllegalArgumentException("field 'schemaVersion' is " + node.get("schemaVersion")
                    + " but this software reads versions 1 to " + PerfRecord.SCHEMA_VERSION);
        }
        PerfRecord record;
        try {
            record = RecordJson.mapper().treeToValue(node, PerfRecord.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            String path = e instanceof com.fasterxml.jackson.databind.JsonMappingException m ? m.getPathReference() : "";
            throw new IllegalArgumentException("not a valid perf-junit run record: " + message
                    + (path.isEmpty() ? "" : " (at " + path + ")"), e);
        }
        if (record.test() == null || record.verdict() == null || record.test().id() == null || record.test().id().isBlank()) {
            throw new IllegalArgumentException("field 'test.id' and 'verdict' must be present in a run record");
        }

        Samples samples = new Samples(record.samples());
        List<MetricResult> metrics = new ArrayList<>();
        List<MetricSpread> spreads = new ArrayList<>();
        for (Map.Entry<String, PerfRecord.MetricSummary> entry : record.metrics().entrySet()) {
            String name = entry.getKey();
            PerfRecord.MetricSummary m = entry.getValue();
            double[] values = Metric.byName(name).map(samples::values).orElse(new double[0]);
            SummaryStats summary = m.summary() == null ? SummaryStats.of(values) : summary(m.summary());
            JsonNode extra = node.path("metrics").path(name);
            Comparison comparison = comparison(extra.get("comparison"), "metrics." + name + ".comparison");
            double[] baselineSamples = ReportJson.doubles(extra.path("baselineSamples"), "metrics." + name + ".baselineSamples");
            Optional<Finding> baselineFinding = baselineFinding(record, name);
            if (comparison == null && baselineFinding.isPresent()) {
                comparison = comparison(baselineFinding.get());
                if (baselineSamples.length == 0 && comparison != null) {
                    baselineSamples = baselineSamples(comparison.baselineSource(), name);
                }
            }
            metrics.add(new MetricResult(name, Objects.requireNonNullElse(m.unit(), ""),
                    "HIGHER_IS_BETTER".equals(m.direction()), values, summary, baselineSamples, comparison,
                    thresholds(record, name)));
            spreads.add(new MetricSpread(name, summary.cvPercent(), summary.n()));
        }

        List<String> verdictLines = new ArrayList<>();
        for (Finding f : record.verdict().findings()) {
            if (f.status() == Status.FAILED || f.status() == Status.WARNING) {
                verdictLines.add(f.message());
            }
        }
        Outcome outcome = record.verdict().outcome() == dev.bitnet.perf.verdict.Outcome.PASSED ? Outcome.PASSED : Outcome.FAILED;
        Map<String, String> environment = ReportJson.textMap(node.path("environment"));
        String environmentClass = environment.getOrDefault("environmentClass", environment.getOrDefault("environment.class", ""));
        String displayName = displayName(record.test());

        Diagnosis diagnosis = ReportJson.diagnosis(node.get("diagnosis"));
        if (diagnosis == null && outcome != Outcome.PASSED) {
            diagnosis = inferDiagnosis(record, displayName, String.join("\n", verdictLines), spreads);
        }
        List<RetryAttempt> retries = new ArrayList<>();
        for (JsonNode r : node.path("retries")) {
            retries.add(new RetryAttempt(r.path("attempt").asInt(1), r.path("exceptionType").asText(""), r.path("message").asText("")));
        }
        if (record.error() != null && verdictLines.isEmpty()) {
            verdictLines.add(record.error().type() + (record.error().message() == null ? "" : ": " + record.error().message()));
        }
        return new TestResult(record.test().id(), Objects.requireNonNullElse(record.test().className(), ""), displayName, outcome,
                environmentClass, config(record.config()), metrics, String.join("\n", verdictLines), diagnosis, retries, source);
    }

    /** "sorts [2] size=4096" for an invocation, the display name itself where it already names the method. */
    private static String displayName(PerfRecord.TestInfo test) {
        String display = Objects.requireNonNullElse(test.displayName(), test.id());
        String method = Objects.requireNonNullElse(test.methodName(), "");
        int paren = method.indexOf('(');
        String base = paren >= 0 ? method.substring(0, paren) : method;
        if (base.isEmpty() || display.startsWith(base)) {
            return display;
        }
        return base + " " + display;
    }

    private static Map<String, String> config(PerfRecord.@Nullable RunConfig config) {
        Map<String, String> map = new LinkedHashMap<>();
        if (config == null) {
            return map;
        }
        map.put("mode", String.valueOf(config.mode()));
        map.put("warmup", Integer.toString(config.warmup()));
        map.put("iterations", Integer.toString(config.iterations()));
        map.put("threads", Integer.toString(config.threads()));
        map.put("timeout", config.timeoutNanos() == null ? "none" : Duration.ofNanos(config.timeoutNanos()).toString());
        if (config.sources() != null) {
            config.sources().forEach((k, v) -> map.put(k + " from", v));
        }
        return map;
    }

    private static SummaryStats summary(Summary s) {
        double ciLow = s.meanInterval() == null ? Double.NaN : s.meanInterval().low();
        double ciHigh = s.meanInterval() == null ? Double.NaN : s.meanInterval().high();
        return new SummaryStats(s.n(), s.mean(), s.median(), s.standardDeviation(), 100 * s.coefficientOfVariation(), s.min(),
                s.max(), s.p90(), s.p95(), s.p99(), ciLow, ciHigh);
    }

    private static List<ThresholdCheck> thresholds(PerfRecord record, String metric) {
        List<ThresholdCheck> checks = new ArrayList<>();
        for (PerfRecord.ThresholdRecord t : record.thresholds()) {
            if (!metric.equals(t.metric())) {
                continue;
            }
            double measured = Double.NaN;
            boolean passed = true;
            for (Finding f : record.verdict().findings()) {
                if (f.check().equals("threshold") && f.metric() != null && f.metric().canonicalName().equals(metric)
                        && Objects.equals(f.details().get("statistic"), t.statistic())
                        && Objects.equals(f.details().get("bound"), t.bound())) {
                    measured = f.details().get("measured") instanceof Number n ? n.doubleValue() : Double.NaN;
                    passed = f.status() != Status.FAILED;
                }
            }
            String bound = "AT_LEAST".equals(t.bound()) ? "at least" : "at most";
            checks.add(new ThresholdCheck(metric + " " + t.statistic() + " " + bound, t.requiredValue(),
                    Objects.requireNonNullElse(t.derivation(), ""), measured, passed));
        }
        return checks;
    }

    /**
     * Reads a comparison: perf-baseline's {@code MetricComparison} ({@code interval: {low, high}}),
     * its re-measured verdict ({@code rounds: [...]}, the last round counts, the verdict's severity
     * wins), the report's own shape, or the original script's field names.
     */
    private static @Nullable Comparison comparison(@Nullable JsonNode c, String path) {
        if (c == null || c.isNull() || !c.isObject()) {
            return null;
        }
        JsonNode rounds = c.path("rounds");
        if (rounds.isArray() && rounds.size() > 0) {
            JsonNode last = rounds.get(rounds.size() - 1);
            Comparison round = comparison(last, path + ".rounds[" + (rounds.size() - 1) + "]");
            Severity verdictSeverity = Severity.parse(c.path("severity").asText(""));
            if (round == null || verdictSeverity == null) {
                return round;
            }
            return new Comparison(round.baselineMean(), round.currentMean(), round.changePercent(), round.pValue(),
                    round.ciLowPercent(), round.ciHighPercent(), verdictSeverity, round.baselineSource());
        }
        Severity severity = Severity.parse(c.path("severity").asText(""));
        if (severity == null) {
            throw new IllegalArgumentException("field '" + path + ".severity' must be one of " + List.of(Severity.values())
                    + " but was: " + c.get("severity"));
        }
        double ciLow = first(c, "ciLowPercent", "changeLowPercent");
        double ciHigh = first(c, "ciHighPercent", "changeHighPercent");
        if (Double.isNaN(ciLow) && c.path("interval").isObject()) {
            ciLow = ReportJson.num(c.path("interval"), "low");
            ciHigh = ReportJson.num(c.path("interval"), "high");
        }
        return new Comparison(first(c, "baselineMean", "baseline_value"), first(c, "currentMean", "current_value"),
                first(c, "changePercent", "change_percent"), first(c, "pValue", "statistical_significance"),
                ciLow, ciHigh, severity,
                c.path("baselineSource").asText(c.path("baseline").asText("")));
    }

    /** perf-baseline's finding about one metric ({@code check = "baseline"}), if the test was compared. */
    private static Optional<Finding> baselineFinding(PerfRecord record, String metric) {
        return record.verdict().findings().stream()
                .filter(f -> f.check().equals("baseline") && f.metric() != null && f.metric().canonicalName().equals(metric)
                        && f.details().get("severity") != null)
                .findFirst();
    }

    /** The comparison in perf-baseline's finding details ({@code severity, baseline.mean, mean, change.pct, p, ci.low, ci.high}). */
    private static @Nullable Comparison comparison(Finding finding) {
        Map<String, Object> d = finding.details();
        Severity severity = Severity.parse(String.valueOf(d.get("severity")));
        if (severity == null) {
            return null;
        }
        return new Comparison(number(d.get("baseline.mean")), number(d.get("mean")), number(d.get("change.pct")),
                number(d.get("p")), number(d.get("ci.low")), number(d.get("ci.high")), severity,
                d.get("baseline.file") == null ? "" : String.valueOf(d.get("baseline.file")));
    }

    private static double number(@Nullable Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** The baseline's samples of a metric, read from the baseline file the comparison used; none when it cannot be read. */
    private static double[] baselineSamples(String baselineFile, String metric) {
        if (baselineFile.isEmpty()) {
            return new double[0];
        }
        try {
            java.nio.file.Path file = java.nio.file.Path.of(baselineFile);
            java.nio.file.Path root = file.toAbsolutePath().getParent().getParent();
            dev.bitnet.perf.baseline.MetricSamples samples =
                    new dev.bitnet.perf.baseline.BaselineStore(root).read(file).metrics().get(metric);
            return samples == null ? new double[0] : samples.samples();
        } catch (RuntimeException e) {
            System.getLogger(RecordAdapter.class.getName()).log(System.Logger.Level.DEBUG,
                    () -> "baseline samples of " + metric + " not read from " + baselineFile + ": " + e.getMessage());
            return new double[0];
        }
    }

    private static double first(JsonNode node, String field, String alternative) {
        double value = ReportJson.num(node, field);
        return Double.isNaN(value) ? ReportJson.num(node, alternative) : value;
    }

    private static Diagnosis inferDiagnosis(PerfRecord record, String testName, String verdictText, List<MetricSpread> spreads) {
        EnvironmentFacts facts = EnvironmentFacts.unknown();
        PerfRecord.ErrorInfo error = record.error();
        if (error != null) {
            FailureContext.Phase phase = "WARMUP".equals(error.phase()) ? FailureContext.Phase.WARMUP
                    : "MEASUREMENT".equals(error.phase()) ? FailureContext.Phase.MEASUREMENT : FailureContext.Phase.UNKNOWN;
            int planned = record.config() == null ? 0 : phase == FailureContext.Phase.WARMUP ? record.config().warmup()
                    : record.config().iterations();
            FailureContext context = FailureContext.of(testName).inPhase(phase,
                    error.iteration() == null ? 0 : error.iteration(), phase == FailureContext.Phase.UNKNOWN ? 0 : planned);
            if (record.config() != null && record.config().timeoutNanos() != null && record.config().timeoutNanos() > 0) {
                context = context.withTimeout(Duration.ofNanos(record.config().timeoutNanos()), false);
            }
            return CLASSIFIER.classifyRecorded(error.type(), Optional.ofNullable(error.message()).orElse(""), context, facts);
        }
        boolean thresholdFailed = record.verdict().findings().stream()
                .anyMatch(f -> f.status() == Status.FAILED && f.check().equals("threshold"));
        return CLASSIFIER.verdictFailure(thresholdFailed ? DiagnosisType.THRESHOLD_MISSED : DiagnosisType.REGRESSION, testName,
                verdictText, spreads, facts, false);
    }
}
