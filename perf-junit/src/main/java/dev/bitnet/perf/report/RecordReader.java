package dev.bitnet.perf.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * {@code RecordReader} reads the per-test JSON records of a run into the report model. A record
 * that cannot be read (not JSON, truncated, a field of the wrong type) becomes a
 * {@link BrokenRecord} naming the file and the problem; the other records are read as usual.
 * Temporary files of interrupted atomic writes are ignored.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class RecordReader {

    private static final System.Logger LOG = System.getLogger(RecordReader.class.getName());

    /** What a directory of records held. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record Records(List<TestResult> tests, List<BrokenRecord> broken, java.util.Map<String, String> environment) {
        public Records {
            tests = List.copyOf(tests);
            broken = List.copyOf(broken);
            environment = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environment));
        }

        public Records(List<TestResult> tests, List<BrokenRecord> broken) {
            this(tests, broken, java.util.Map.of());
        }
    }

    private RecordReader() {}

    /** Reads every {@code *.json} file under the directory (recursively); a missing directory holds no records. */
    public static Records readDirectory(Path directory) throws IOException {
        return readDirectory(directory, file -> true);
    }

    /** Reads the {@code *.json} files under the directory (recursively) that the filter accepts. */
    public static Records readDirectory(Path directory, java.util.function.Predicate<Path> filter) throws IOException {
        List<TestResult> tests = new ArrayList<>();
        List<BrokenRecord> broken = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            LOG.log(Level.DEBUG, () -> "no records directory " + directory);
            return new Records(tests, broken);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(filter)
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
        }
        java.util.Map<String, String> environment = new java.util.LinkedHashMap<>();
        for (Path file : files) {
            JsonNode node = readFile(file, tests, broken);
            if (environment.isEmpty() && node != null && node.path("environment").isObject()) {
                environment.putAll(ReportJson.textMap(node.path("environment")));
            }
        }
        LOG.log(Level.DEBUG, () -> "read " + tests.size() + " records and " + broken.size() + " broken ones from " + directory);
        return new Records(tests, broken, environment);
    }

    /** Reads one record file into {@code tests}, or into {@code broken} when it cannot be read. */
    public static @org.jspecify.annotations.Nullable JsonNode readFile(Path file, List<TestResult> tests, List<BrokenRecord> broken) {
        String source = file.toString();
        JsonNode node;
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length == 0) {
                broken.add(new BrokenRecord(source, "the file is empty"));
                LOG.log(Level.WARNING, () -> "Broken performance record " + source + ": the file is empty");
                return null;
            }
            node = ReportJson.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            String problem = "not valid JSON (truncated or hand-edited?): " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr());
            broken.add(new BrokenRecord(source, problem));
            LOG.log(Level.WARNING, () -> "Broken performance record " + source + ": " + problem);
            return null;
        } catch (IOException e) {
            broken.add(new BrokenRecord(source, "cannot be read: " + e));
            return null;
        }
        try {
            tests.add(RecordAdapter.toTestResult(node, source));
            return node;
        } catch (RuntimeException e) {
            String problem = e.getMessage() == null ? e.toString() : e.getMessage();
            broken.add(new BrokenRecord(source, problem));
            LOG.log(Level.WARNING, () -> "Broken performance record " + source + ": " + problem);
            return null;
        }
    }
}
