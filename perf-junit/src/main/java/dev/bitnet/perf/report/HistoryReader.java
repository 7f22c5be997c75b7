package dev.bitnet.perf.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads history files (one per environment class) into history points. A file that cannot be read
 * is added to the broken records and skipped.
 *
 * <p>Accepted shape: JSON lines or a JSON array of objects {@code {"environmentClass", "time",
 * "commit", "test", "metric", "value"}}.
 *
 * @since 0.1
 */
final class HistoryReader {
    private HistoryReader() {}

    static Map<String, List<HistoryPoint>> read(List<Path> files, List<BrokenRecord> broken) {
        Map<String, List<HistoryPoint>> history = new TreeMap<>();
        for (Path file : files) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8).strip();
                List<JsonNode> entries = new ArrayList<>();
                if (text.startsWith("[")) {
                    ReportJson.MAPPER.readTree(text).forEach(entries::add);
                } else {
                    for (String line : text.split("\n")) {
                        if (!line.isBlank()) {
                            entries.add(ReportJson.MAPPER.readTree(line));
                        }
                    }
                }
                String fallbackClass = file.getParent() == null ? "" : file.getParent().getFileName().toString();
                for (JsonNode e : entries) {
                    String environmentClass = e.path("environmentClass").asText(fallbackClass);
                    history.computeIfAbsent(environmentClass, k -> new ArrayList<>()).add(new HistoryPoint(
                            e.path("time").asText(""), e.path("commit").asText(""), ReportJson.requiredText(e, "test"),
                            ReportJson.requiredText(e, "metric"), ReportJson.num(e, "value")));
                }
            } catch (IOException | RuntimeException e) {
                broken.add(new BrokenRecord(file.toString(), "history file cannot be read: " + e.getMessage()));
            }
        }
        return history;
    }
}
