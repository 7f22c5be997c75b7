package dev.bitnet.perf.baseline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet.perf.record.PerfRecord;
import dev.bitnet.perf.record.RecordJson;
import dev.bitnet.perf.sample.Metric;
import dev.bitnet.perf.sample.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Reads the samples of every metric from any file the command-line tool compares:
 * <ul>
 *   <li>the original project's format: a JSON object of metric name to a list of samples,
 *       {@code {"tokens_per_second": [...], "latency_ms": [...], "memory_usage_mb": [...]}};</li>
 *   <li>a perf-junit baseline ({@code schemaVersion} and {@code metrics.<name>.samples});</li>
 *   <li>a perf-junit run record ({@code schemaVersion}, {@code test} and {@code samples}, see
 *       {@code RECORD-SCHEMA.md}); each canonical metric's values are taken from its samples.</li>
 * </ul>
 * Every problem is a {@link BaselineFormatException} naming the file and the field.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class SampleFiles {
    private SampleFiles() {}

    /** The samples by metric name, in file order (records: {@link Metric} order). */
    public static Map<String, double[]> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BaselineFormatException(file, "", "does not exist.", e);
        } catch (IOException e) {
            throw new BaselineFormatException(file, "", "cannot be read: " + e + ".", e);
        }
        JsonNode root = BaselineJson.parse(file, text);
        if (!root.isObject()) {
            throw new BaselineFormatException(file, "", "must hold a JSON object (metric name to samples, a perf-junit baseline or"
                    + " a perf-junit record) but holds: " + root.getNodeType() + ".");
        }
        if (root.has("schemaVersion") && root.has("test") && root.has("samples")) {
            return fromRecord(file, text);
        }
        if (root.has("schemaVersion") && root.has("metrics")) {
            Map<String, double[]> samples = new LinkedHashMap<>();
            BaselineJson.readBaseline(file, text).metrics().forEach((name, values) -> samples.put(name, values.samples()));
            return samples;
        }
        if (root.size() == 0) {
            throw new BaselineFormatException(file, "", "holds no metrics: expected an object such as"
                    + " {\"latency_ms\": [12.1, 11.8]}.");
        }
        Map<String, double[]> samples = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            samples.put(entry.getKey(), BaselineJson.samples(file, entry.getKey(), entry.getValue()));
        }
        return samples;
    }

    private static Map<String, double[]> fromRecord(Path file, String text) {
        PerfRecord record;
        try {
            record = RecordJson.fromJson(text);
        } catch (IOException | RuntimeException e) {
            throw new BaselineFormatException(file, "", "looks like a perf-junit record but cannot be read as one: " + e.getMessage() + ".", e);
        }
        if (record.samples().isEmpty()) {
            throw new BaselineFormatException(file, "samples", "is empty: the test "
                    + (record.error() != null ? "errored (" + record.error().type() + ")" : "measured nothing") + ".");
        }
        Samples samples = new Samples(record.samples());
        Map<String, double[]> values = new LinkedHashMap<>();
        samples.recordedValues().forEach((metric, v) -> values.put(metric.canonicalName(), v));
        return values;
    }
}
