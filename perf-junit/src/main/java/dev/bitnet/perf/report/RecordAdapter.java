package dev.bitnet.perf.report;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns one per-test JSON record into the report model, whatever shape the record has. Knows the
 * report's own test-entry shape ({@link ReportJson#testFromJson}).
 *
 * @since 0.1
 */
final class RecordAdapter {
    private RecordAdapter() {}

    static TestResult toTestResult(JsonNode node, String source) {
        ReportJson.requireObject(node, "record");
        return ReportJson.testFromJson(node, source);
    }
}
