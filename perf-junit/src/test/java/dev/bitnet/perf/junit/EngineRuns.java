package dev.bitnet.perf.junit;

import dev.bitnet.perf.PerformanceTest;
import dev.bitnet.perf.record.PerfRecord;
import dev.bitnet.perf.record.RecordJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs fixture classes through the Jupiter engine, the way JUnit's own
 * {@code AbstractJupiterTestEngineTests} does: implicit configuration parameters (a developer's
 * {@code junit-platform.properties}) are switched off, and records go to a directory of the
 * caller's choosing.
 */
final class EngineRuns {

    private EngineRuns() {}

    static EngineExecutionResults run(Path recordsDir, Class<?> testClass) {
        return run(recordsDir, Map.of(), testClass);
    }

    static EngineExecutionResults run(Path recordsDir, Map<String, String> parameters, Class<?>... testClasses) {
        Map<String, String> all = new HashMap<>(parameters);
        all.put(PerformanceTest.RECORDS_DIR_KEY, recordsDir.toString());
        all.putIfAbsent(PerformanceTest.PRINT_ENTRIES_KEY, "false");
        return EngineTestKit.engine("junit-jupiter")
                .enableImplicitConfigurationParameters(false)
                .configurationParameters(all)
                .selectors(Stream.of(testClasses).map(DiscoverySelectors::selectClass).toArray(
                        org.junit.platform.engine.DiscoverySelector[]::new))
                .execute();
    }

    /** Every record in {@code dir}, in file-name order. */
    static List<PerfRecord> records(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().map(EngineRuns::read)
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PerfRecord onlyRecord(Path dir) {
        List<PerfRecord> records = records(dir);
        if (records.size() != 1) {
            throw new AssertionError("expected exactly one record in " + dir + " but found " + records.size());
        }
        return records.get(0);
    }

    private static PerfRecord read(Path file) {
        try {
            return RecordJson.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
