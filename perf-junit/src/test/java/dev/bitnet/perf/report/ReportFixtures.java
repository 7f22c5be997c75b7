package dev.bitnet.perf.report;

import dev.bitnet.perf.diagnosis.Diagnosis;
import dev.bitnet.perf.diagnosis.DiagnosisType;
import java.util.List;
import java.util.Map;

/** Fixed report models for the report tests: the figures are made up, the shapes are real. */
final class ReportFixtures {
    private ReportFixtures() {}

    static final double[] FAST = {10.1, 10.3, 9.9, 10.0, 10.2, 10.4, 9.8};
    static final double[] SLOW = {13.0, 13.4, 12.9, 13.1, 13.6, 12.8, 13.2};

    static MetricResult latency(double[] samples, double[] baseline, Severity severity) {
        SummaryStats current = SummaryStats.of(samples);
        Comparison comparison = baseline.length == 0 ? null : new Comparison(SummaryStats.of(baseline).mean(), current.mean(),
                100 * (current.mean() / SummaryStats.of(baseline).mean() - 1), severity == Severity.STABLE ? 0.91 : 0.0004,
                severity == Severity.STABLE ? -2.9 : 25.1, severity == Severity.STABLE ? 3.1 : 33.9, severity,
                "baselines/x/test.json");
        return new MetricResult("latency_ms", "ms", false, samples, current, baseline, comparison,
                List.of(new ThresholdCheck("latency_ms median at most", 12.0, "stated 10 ms × calibration 1.2 = 12 ms",
                        current.median(), current.median() <= 12.0)));
    }

    static TestResult regressed() {
        Diagnosis diagnosis = Diagnosis.of(DiagnosisType.REGRESSION, "DecodeTests › decode(batch=4): significant regression",
                "latency_ms regressed: mean 13.1 vs baseline 10.1 (+29.7%)", "2 CPUs, governor unknown", List.of(), null);
        return new TestResult("[engine:junit-jupiter]/[class:x.DecodeTests]/[method:decode(int)]", "x.DecodeTests",
                "decode(batch=4)", Outcome.FAILED, "amd-epyc-2c-8g-linux-x64-jdk17", Map.of("warmup", "2", "iterations", "7"),
                List.of(latency(SLOW, FAST, Severity.CRITICAL)), "latency_ms regressed: mean 13.1 vs baseline 10.1", diagnosis,
                List.of(), "records/decode.json");
    }

    static TestResult stable(String name) {
        return new TestResult("[method:" + name + "]", "x.PrefillTests", name, Outcome.PASSED, "amd-epyc-2c-8g-linux-x64-jdk17",
                Map.of("warmup", "2"), List.of(latency(FAST, FAST, Severity.STABLE)), "", null, List.of(), "records/" + name + ".json");
    }

    static TestResult outOfMemory() {
        Diagnosis diagnosis = Diagnosis.of(DiagnosisType.MEMORY_EXHAUSTION,
                "OutOfMemoryError: Java heap space in measured iteration 3 of 5", "exception chain: java.lang.OutOfMemoryError",
                "", List.of(), "java.lang.OutOfMemoryError");
        return new TestResult("[method:huge]", "x.MemoryTests", "huge()", Outcome.FAILED, "", Map.of(), List.of(), "", diagnosis,
                List.of(new RetryAttempt(1, "java.net.SocketTimeoutException", "read timed out")), "records/huge.json");
    }

    static RunReport report(List<TestResult> tests, List<BrokenRecord> broken) {
        return new RunReport("2026-11-30T16:00:00Z", tests, broken, Map.of("environmentClass", "amd-epyc-2c-8g-linux-x64-jdk17"),
                Map.of("amd-epyc-2c-8g-linux-x64-jdk17", List.of(
                        new HistoryPoint("2026-11-28T10:00:00Z", "abc123", "decode(batch=4)", "latency_ms", 10.0),
                        new HistoryPoint("2026-11-29T10:00:00Z", "def456", "decode(batch=4)", "latency_ms", 10.2),
                        new HistoryPoint("2026-11-30T10:00:00Z", "0123456789abcdef", "decode(batch=4)", "latency_ms", 13.1))));
    }
}
