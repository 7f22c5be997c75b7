package dev.bitnet.perf.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet.perf.diagnosis.Diagnosis;
import dev.bitnet.perf.diagnosis.DiagnosisJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * {@code ReportJson} is the JSON form of the report model: {@code performance-report.json} and the
 * test entries in it. {@code NaN} values are written as {@code null} (JSON has no NaN) and read back
 * as {@code NaN}. Reading names the field that is wrong.
 *
 * <p>Shape of {@code performance-report.json} (schema version {@value #SCHEMA_VERSION}):
 * <pre>
 * { "schemaVersion": 1, "generatedAt": "...",
 *   "totals": {"tests": 3, "failed": 1, "aborted": 0, "passed": 2, "skipped": 0, "critical": 1, "warning": 0, "broken": 1},
 *   "environment": {...}, "tests": [ test entry... ], "brokenRecords": [{"file": ..., "problem": ...}],
 *   "history": {"&lt;environment class&gt;": [{"time", "commit", "test", "metric", "value"}...]} }
 * </pre>
 * A test entry: {@code id, className, displayName, outcome, environmentClass, config{}, verdict,
 * diagnosis{}, retries[], source, metrics[{name, unit, higherIsBetter, samples[], summary{},
 * baselineSamples[], comparison{}, thresholds[]}]}.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ReportJson {
    public static final int SCHEMA_VERSION = 1;

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ReportJson() {}

    // ---- writing ----------------------------------------------------------------------------------

    public static ObjectNode toJson(RunReport report) {
        ObjectNode root = NODES.objectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("generatedAt", report.generatedAt());
        ObjectNode totals = root.putObject("totals");
        totals.put("tests", report.tests().size());
        for (Outcome outcome : Outcome.values()) {
            totals.put(outcome.name().toLowerCase(java.util.Locale.ROOT), report.count(outcome));
        }
        totals.put("critical", report.count(Severity.CRITICAL));
        totals.put("warning", report.count(Severity.WARNING));
        totals.put("broken", report.broken().size());
        ObjectNode environment = root.putObject("environment");
        report.environment().forEach(environment::put);
        ArrayNode tests = root.putArray("tests");
        report.tests().forEach(t -> tests.add(toJson(t)));
        ArrayNode broken = root.putArray("brokenRecords");
        for (BrokenRecord b : report.broken()) {
            broken.addObject().put("file", b.file()).put("problem", b.problem());
        }
        ObjectNode history = root.putObject("history");
        report.history().forEach((environmentClass, points) -> {
            ArrayNode array = history.putArray(environmentClass);
            for (HistoryPoint p : points) {
                ObjectNode node = array.addObject().put("time", p.time()).put("commit", p.commit()).put("test", p.test())
                        .put("metric", p.metric());
                number(node, "value", p.value());
            }
        });
        return root;
    }

    public static ObjectNode toJson(TestResult test) {
        ObjectNode node = NODES.objectNode();
        node.put("id", test.id());
        node.put("className", test.className());
        node.put("displayName", test.displayName());
        node.put("outcome", test.outcome().name());
        node.put("environmentClass", test.environmentClass());
        ObjectNode config = node.putObject("config");
        new java.util.TreeMap<>(test.config()).forEach(config::put);
        node.put("verdict", test.verdict());
        if (test.diagnosis() != null) {
            node.set("diagnosis", DiagnosisJson.toJson(test.diagnosis()));
        } else {
            node.putNull("diagnosis");
        }
        ArrayNode retries = node.putArray("retries");
        for (RetryAttempt r : test.retries()) {
            retries.addObject().put("attempt", r.attempt()).put("exceptionType", r.exceptionType()).put("message", r.message());
        }
        node.put("source", test.source());
        ArrayNode metrics = node.putArray("metrics");
        for (MetricResult m : test.metrics()) {
            ObjectNode metric = metrics.addObject();
            metric.put("name", m.name()).put("unit", m.unit()).put("higherIsBetter", m.higherIsBetter());
            numbers(metric.putArray("samples"), m.samples());
            metric.set("summary", toJson(m.summary()));
            numbers(metric.putArray("baselineSamples"), m.baselineSamples());
            Comparison c = m.comparison();
            if (c == null) {
                metric.putNull("comparison");
            } else {
                ObjectNode comparison = metric.putObject("comparison");
                number(comparison, "baselineMean", c.baselineMean());
                number(comparison, "currentMean", c.currentMean());
                number(comparison, "changePercent", c.changePercent());
                number(comparison, "pValue", c.pValue());
                number(comparison, "ciLowPercent", c.ciLowPercent());
                number(comparison, "ciHighPercent", c.ciHighPercent());
                comparison.put("severity", c.severity().name());
                comparison.put("baselineSource", c.baselineSource());
            }
            ArrayNode thresholds = metric.putArray("thresholds");
            for (ThresholdCheck t : m.thresholds()) {
                ObjectNode threshold = thresholds.addObject().put("description", t.description());
                number(threshold, "required", t.required());
                threshold.put("derivation", t.derivation());
                number(threshold, "measured", t.measured());
                threshold.put("passed", t.passed());
            }
        }
        return node;
    }

    static ObjectNode toJson(SummaryStats s) {
        ObjectNode node = NODES.objectNode().put("n", s.n());
        number(node, "mean", s.mean());
        number(node, "median", s.median());
        number(node, "standardDeviation", s.standardDeviation());
        number(node, "cvPercent", s.cvPercent());
        number(node, "min", s.min());
        number(node, "max", s.max());
        number(node, "p90", s.p90());
        number(node, "p95", s.p95());
        number(node, "p99", s.p99());
        number(node, "ciLow", s.ciLow());
        number(node, "ciHigh", s.ciHigh());
        return node;
    }

    private static void number(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }

    private static void numbers(ArrayNode array, double[] values) {
        for (double v : values) {
            if (Double.isFinite(v)) {
                array.add(v);
            } else {
                array.addNull();
            }
        }
    }

    // ---- reading ----------------------------------------------------------------------------------

    /**
     * Reads a test entry written by {@link #toJson(TestResult)}.
     *
     * @throws IllegalArgumentException naming the field when the entry is malformed
     */
    public static TestResult testFromJson(JsonNode node, String source) {
        requireObject(node, "test");
        String id = requiredText(node, "id");
        Outcome outcome = Outcome.parse(requiredText(node, "outcome"));
        if (outcome == null) {
            throw new IllegalArgumentException("field 'outcome' must be one of " + List.of(Outcome.values())
                    + " but was: " + node.get("outcome"));
        }
        List<MetricResult> metrics = new ArrayList<>();
        JsonNode metricsNode = node.path("metrics");
        for (int i = 0; i < metricsNode.size(); i++) {
            metrics.add(metricFromJson(metricsNode.get(i), "metrics[" + i + "]"));
        }
        List<RetryAttempt> retries = new ArrayList<>();
        for (JsonNode r : node.path("retries")) {
            retries.add(new RetryAttempt(r.path("attempt").asInt(1), r.path("exceptionType").asText(""),
                    r.path("message").asText("")));
        }
        Diagnosis diagnosis = diagnosis(node.get("diagnosis"));
        return new TestResult(id, node.path("className").asText(""), node.path("displayName").asText(id), outcome,
                node.path("environmentClass").asText(""), textMap(node.path("config")), metrics,
                node.path("verdict").asText(""), diagnosis, retries, node.path("source").asText(source));
    }

    static @Nullable Diagnosis diagnosis(@Nullable JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return DiagnosisJson.fromJson(node);
    }

    static MetricResult metricFromJson(JsonNode node, String path) {
        requireObject(node, path);
        String name = requiredText(node, "name", path);
        double[] samples = doubles(node.path("samples"), path + ".samples");
        JsonNode summaryNode = node.get("summary");
        SummaryStats summary = summaryNode == null || summaryNode.isNull() ? SummaryStats.of(samples)
                : summaryFromJson(summaryNode, samples);
        JsonNode c = node.get("comparison");
        Comparison comparison = null;
        if (c != null && !c.isNull()) {
            Severity severity = Severity.parse(c.path("severity").asText(""));
            if (severity == null) {
                throw new IllegalArgumentException("field '" + path + ".comparison.severity' must be one of "
                        + List.of(Severity.values()) + " but was: " + c.get("severity"));
            }
            comparison = new Comparison(num(c, "baselineMean"), num(c, "currentMean"), num(c, "changePercent"),
                    num(c, "pValue"), num(c, "ciLowPercent"), num(c, "ciHighPercent"), severity,
                    c.path("baselineSource").asText(""));
        }
        List<ThresholdCheck> thresholds = new ArrayList<>();
        for (JsonNode t : node.path("thresholds")) {
            thresholds.add(new ThresholdCheck(t.path("description").asText(""), num(t, "required"),
                    t.path("derivation").asText(""), num(t, "measured"), t.path("passed").asBoolean(true)));
        }
        return new MetricResult(name, node.path("unit").asText(""), node.path("higherIsBetter").asBoolean(false), samples,
                summary, doubles(node.path("baselineSamples"), path + ".baselineSamples"), comparison, thresholds);
    }

    static SummaryStats summaryFromJson(JsonNode s, double[] samples) {
        SummaryStats computed = SummaryStats.of(samples);
        return new SummaryStats(s.path("n").asInt(samples.length), or(s, "mean", computed.mean()),
                or(s, "median", computed.median()), or(s, "standardDeviation", computed.standardDeviation()),
                or(s, "cvPercent", computed.cvPercent()), or(s, "min", computed.min()), or(s, "max", computed.max()),
                or(s, "p90", computed.p90()), or(s, "p95", computed.p95()), or(s, "p99", computed.p99()),
                or(s, "ciLow", computed.ciLow()), or(s, "ciHigh", computed.ciHigh()));
    }

    static double or(JsonNode node, String field, double fallback) {
        JsonNode value = node.get(field);
        return value != null && value.isNumber() ? value.asDouble() : fallback;
    }

    static double num(JsonNode node, String field) {
        return or(node, field, Double.NaN);
    }

    /** A JSON array of numbers; {@code null} entries become {@code NaN}; anything else is an error naming the field. */
    static double[] doubles(JsonNode array, String path) {
        if (array.isMissingNode() || array.isNull()) {
            return new double[0];
        }
        if (!array.isArray()) {
            throw new IllegalArgumentException("field '" + path + "' must be an array of numbers but was: " + abbreviate(array));
        }
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = array.get(i);
            if (v.isNumber()) {
                values[i] = v.asDouble();
            } else if (v.isNull()) {
                values[i] = Double.NaN;
            } else {
                throw new IllegalArgumentException("field '" + path + "[" + i + "]' must be a number but was: " + abbreviate(v));
            }
        }
        return values;
    }

    static Map<String, String> textMap(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
            }
        }
        return map;
    }

    static void requireObject(@Nullable JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("'" + path + "' must be a JSON object but was: " + abbreviate(node));
        }
    }

    static String requiredText(JsonNode node, String field) {
        return requiredText(node, field, "");
    }

    static String requiredText(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || !value.isValueNode() || value.isNull() || value.asText().isBlank()) {
            throw new IllegalArgumentException("field '" + (path.isEmpty() ? "" : path + ".") + field
                    + "' must be a non-blank string but was: " + abbreviate(value));
        }
        return value.asText();
    }

    static String abbreviate(@Nullable JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        String text = node.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
