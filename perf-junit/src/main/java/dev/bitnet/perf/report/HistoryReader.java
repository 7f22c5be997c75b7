package dev.bitnet.perf.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads history files (one per environment class) into history points. A line or file that cannot
 * be read is added to the broken records and skipped; the rest is read.
 *
 * <p>Accepted shapes, as JSON lines or a JSON array:
 * <ul>
 *   <li>perf-junit's baseline history ({@code baselines/<class>/history.jsonl}): {@code {"time",
 *       "commit", "testId", "environmentClass", "metrics": {"latency_ms": {"median", "mean", ...}}}};
 *       the trend shows each run's median (the mean where no median was stored);</li>
 *   <li>flat points: {@code {"environmentClass", "time", "commit", "test", "metric", "value"}}.</li>
 * </ul>
 *
 * @since 0.1
 */
final class HistoryReader {
    private HistoryReader() {}

    static Map<String, List<HistoryPoint>> read(List<Path> files, List<BrokenRecord> broken) {
        Map<String, List<HistoryPoint>> history = new TreeMap<>();
        for (Path file : files) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                broken.add(new BrokenRecord(file.toString(), "history file cannot be read: " + e));
                continue;
            }
            String fallbackClass = file.getParent() == null ? "" : file.getParent().getFileName().toString();
            if (text.startsWith("[")) {
                try {
                    int index = 0;
                    for (JsonNode entry : ReportJson.MAPPER.readTree(text)) {
                        add(entry, fallbackClass, history, broken, file + " entry " + index++);
                    }
                } catch (IOException e) {
                    broken.add(new BrokenRecord(file.toString(), "history file is not valid JSON: " + e.getMessage()));
                }
                continue;
            }
            String[] lines = text.split("\n");
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].isBlank()) {
                    continue;
                }
                try {
                    add(ReportJson.MAPPER.readTree(lines[i]), fallbackClass, history, broken, file + " line " + (i + 1));
                } catch (IOException e) {
                    // a line cut off by a kill while appending, for example
                    broken.add(new BrokenRecord(file + " line " + (i + 1), "history line is not valid JSON: "
                            + e.getMessage().lines().findFirst().orElse("")));
                }
            }
        }
        return history;
    }

    private static void add(JsonNode e, String fallbackClass, Map<String, List<HistoryPoint>> history, List<BrokenRecord> broken,
            String where) {
        try {
            String environmentClass = e.path("environmentClass").asText(fallbackClass);
            String time = e.path("time").asText("");
            String commit = e.path("commit").isTextual() ? e.path("commit").asText() : "";
            List<HistoryPoint> points = history.computeIfAbsent(environmentClass, k -> new ArrayList<>());
            if (e.path("metrics").isObject()) {
                String test = ReportJson.requiredText(e, "testId");
                for (Iterator<Map.Entry<String, JsonNode>> it = e.path("metrics").fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> metric = it.next();
                    double value = ReportJson.num(metric.getValue(), "median");
                    if (Double.isNaN(value)) {
                        value = ReportJson.num(metric.getValue(), "mean");
                    }
                    points.add(new HistoryPoint(time, commit, test, metric.getKey(), value));
                }
            } else {
                points.add(new HistoryPoint(time, commit, ReportJson.requiredText(e, "test"), ReportJson.requiredText(e, "metric"),
                        ReportJson.num(e, "value")));
            }
        } catch (RuntimeException ex) {
            broken.add(new BrokenRecord(where, "history entry cannot be read: " + ex.getMessage()));
        }
    }
}
