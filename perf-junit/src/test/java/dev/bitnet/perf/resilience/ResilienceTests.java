package dev.bitnet.perf.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bitnet.perf.LatencyAtMost;
import dev.bitnet.perf.Measure;
import dev.bitnet.perf.PerformanceTest;
import dev.bitnet.perf.RetryOn;
import dev.bitnet.perf.diagnosis.DiagnosedAs;
import dev.bitnet.perf.diagnosis.DiagnosisType;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The extension's resilience, each triggered by a real cause: a real timeout of real work, a real
 * truncated model file, a real corrupt header, real transient exceptions, a really missed threshold.
 */
@DisplayName("Resilience of performance tests")
class ResilienceTests {

    @TempDir
    Path records;

    static final Map<String, Integer> CALLS = new java.util.concurrent.ConcurrentHashMap<>();

    private EngineExecutionResults run(Class<?> testCase, Map<String, String> extra) {
        Map<String, String> parameters = new HashMap<>(extra);
        parameters.put(PerformanceTest.RECORDS_DIR_KEY, records.toString());
        CALLS.clear();
        return EngineTestKit.engine("junit-jupiter").enableImplicitConfigurationParameters(false)
                .configurationParameters(parameters).selectors(DiscoverySelectors.selectClass(testCase)).execute();
    }

    private JsonNode onlyRecord() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(records)) {
            files = list.filter(p -> p.toString().endsWith(".json")).toList();
        }
        assertThat(files).hasSize(1);
        return new ObjectMapper().readTree(files.get(0).toFile());
    }

    private static String failureMessage(EngineExecutionResults results) {
        Event failed = results.testEvents().failed().list().get(0);
        Throwable thrown = failed.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        StringBuilder text = new StringBuilder(String.valueOf(thrown.getMessage()));
        for (Throwable suppressed : thrown.getSuppressed()) {
            text.append('\n').append(suppressed.getMessage());
        }
        return text.toString();
    }

    // ---- timeout --------------------------------------------------------------------------------

    static class SpinsPastTimeoutTestCase {
        @PerformanceTest(warmup = 0, iterations = 1000, timeout = "300 ms")
        void spins() {
            long h = 0;
            for (int j = 0; j < 2_000_000 && !Thread.currentThread().isInterrupted(); j++) {
                h = h * 31 + j;
            }
            CALLS.merge("spins", 1, Integer::sum);
            if (h == 42) {
                throw new IllegalStateException("never");
            }
        }
    }

    @Test
    @DisplayName("a real timeout is diagnosed as TIMEOUT with the iteration reached, in the message and the record")
    void timeout() throws IOException {
        EngineExecutionResults results = run(SpinsPastTimeoutTestCase.class, Map.of());
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        String message = failureMessage(results);
        assertThat(message).contains("timed out after 300 milliseconds in measured iteration")
                .contains("Diagnosis: TIMEOUT (Timeout)");
        JsonNode record = onlyRecord();
        assertThat(record.path("diagnosis").path("type").asText()).isEqualTo("TIMEOUT");
        assertThat(record.path("diagnosis").path("headline").asText()).contains("measured iteration");
    }

    // ---- model load -----------------------------------------------------------------------------

    static Path modelFile;

    static class LoadsTruncatedModelTestCase {
        @PerformanceTest(warmup = 1, iterations = 3)
        void generates(Measure measure) throws IOException {
            List<byte[]> tensors = TinyLoader.load(modelFile); // set-up: throws EOFException on the truncated file
            measure.run(() -> tensors.size());
        }
    }

    /** An engine-style format exception that marks itself as a model load failure. */
    @DiagnosedAs(DiagnosisType.MODEL_LOAD_FAILURE)
    static final class BadMagicException extends RuntimeException {
        BadMagicException(String message) {
            super(message);
        }
    }

    static class LoadsCorruptHeaderTestCase {
        @PerformanceTest(warmup = 1, iterations = 3)
        void loadsPerIteration() throws IOException {
            byte[] magic;
            try (InputStream in = Files.newInputStream(modelFile)) {
                magic = in.readNBytes(4);
            }
            if (!new String(magic, StandardCharsets.US_ASCII).equals("GGUF")) {
                throw new BadMagicException(modelFile + ": invalid magic '" + new String(magic, StandardCharsets.US_ASCII)
                        + "', expected 'GGUF'");
            }
        }
    }

    @Test
    @DisplayName("a real truncated model file read in set-up is a MODEL_LOAD_FAILURE")
    void truncatedModel(@TempDir Path dir) throws IOException {
        modelFile = dir.resolve("tiny.gguf");
        Files.write(modelFile, TinyLoader.header(3, 4096, 100));
        EngineExecutionResults results = run(LoadsTruncatedModelTestCase.class, Map.of());
        results.testEvents().assertThatEvents().haveExactly(1, event(test(), finishedWithFailure(instanceOf(EOFException.class))));
        assertThat(failureMessage(results)).contains("Diagnosis: MODEL_LOAD_FAILURE (Model load failure)");
        assertThat(onlyRecord().path("diagnosis").path("type").asText()).isEqualTo("MODEL_LOAD_FAILURE");
    }

    @Test
    @DisplayName("a real corrupt header detected by an exception marked @DiagnosedAs is a MODEL_LOAD_FAILURE")
    void corruptHeader(@TempDir Path dir) throws IOException {
        modelFile = dir.resolve("corrupt.gguf");
        Files.write(modelFile, "GGMLxxxxxxxxxxxx".getBytes(StandardCharsets.US_ASCII));
        EngineExecutionResults results = run(LoadsCorruptHeaderTestCase.class, Map.of());
        results.testEvents().assertStatistics(s -> s.failed(1));
        assertThat(failureMessage(results)).contains("Diagnosis: MODEL_LOAD_FAILURE").contains("warm-up iteration 1 of 1");
        JsonNode record = onlyRecord();
        assertThat(record.path("diagnosis").path("exceptionType").asText()).isEqualTo(BadMagicException.class.getName());
    }

    // ---- threshold missed, never retried ---------------------------------------------------------

    static class MissesThresholdTestCase {
        @PerformanceTest(warmup = 0, iterations = 3)
        @LatencyAtMost(0.000001)
        @RetryOn(value = AssertionError.class)
        void sorts() {
            CALLS.merge("sorts", 1, Integer::sum);
            int[] data = new int[5_000];
            for (int i = 0; i < data.length; i++) {
                data[i] = (i * 7919) % 1009;
            }
            java.util.Arrays.sort(data);
        }
    }

    static class RetriesOnlyDeclaredTypesTestCase {
        @PerformanceTest(warmup = 0, iterations = 3)
        @LatencyAtMost(0.000001)
        @RetryOn(value = SocketTimeoutException.class, maxRetries = 3)
        void sortsSlowly() {
            CALLS.merge("sortsSlowly", 1, Integer::sum);
            java.util.Arrays.sort(new int[5_000]);
        }
    }

    @Test
    @DisplayName("a missed threshold is diagnosed and never retried into a pass")
    void missedThresholdNeverRetried() throws IOException {
        EngineExecutionResults results = run(RetriesOnlyDeclaredTypesTestCase.class, Map.of());
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        assertThat(CALLS.get("sortsSlowly")).as("one attempt of 3 iterations").isEqualTo(3);
        assertThat(failureMessage(results)).containsPattern("Diagnosis: (THRESHOLD_MISSED|NOISY_ENVIRONMENT|ENVIRONMENT_SETUP)");
        JsonNode record = onlyRecord();
        assertThat(record.path("diagnosis").path("type").asText()).isIn("THRESHOLD_MISSED", "NOISY_ENVIRONMENT", "ENVIRONMENT_SETUP");
        assertThat(record.path("retries")).isEmpty();
    }

    @Test
    @DisplayName("declaring AssertionError transient is a configuration error")
    void assertionErrorsCannotBeDeclaredTransient() {
        EngineExecutionResults results = run(MissesThresholdTestCase.class, Map.of());
        results.testEvents().assertThatEvents().haveExactly(1, event(test(), finishedWithFailure(
                message(m -> m.contains("Configuration error: @RetryOn on method [sorts()]")))));
        assertThat(CALLS).doesNotContainKey("sorts");
    }

    // ---- retries --------------------------------------------------------------------------------

    static class FlakyTestCase {
        @PerformanceTest(warmup = 1, iterations = 3)
        @RetryOn(value = SocketTimeoutException.class, maxRetries = 2)
        void fetches() throws SocketTimeoutException {
            int call = CALLS.merge("fetches", 1, Integer::sum);
            if (call == 2 || call == 5) {
                throw new SocketTimeoutException("read timed out (call " + call + ")");
            }
        }
    }

    static class AlwaysFlakyTestCase {
        @PerformanceTest(warmup = 0, iterations = 2)
        @RetryOn(value = SocketTimeoutException.class, maxRetries = 1)
        void fetches() throws SocketTimeoutException {
            CALLS.merge("always", 1, Integer::sum);
            throw new SocketTimeoutException("read timed out");
        }
    }

    static class UndeclaredFailureTestCase {
        @PerformanceTest(warmup = 0, iterations = 2)
        @RetryOn(value = SocketTimeoutException.class, maxRetries = 3)
        void fails() {
            CALLS.merge("undeclared", 1, Integer::sum);
            throw new IllegalStateException("not transient");
        }
    }

    @Test
    @DisplayName("a declared transient exception is retried, each retry reported, and the final attempt judged")
    void retriesTransientFailures() throws IOException {
        EngineExecutionResults results = run(FlakyTestCase.class, Map.of());
        results.testEvents().assertThatEvents().haveExactly(1, event(test(), finishedSuccessfully()));
        // attempt 1: warm-up call 1, measured call 2 throws; attempt 2: calls 3, 4, then 5 throws; attempt 3: 6..9
        assertThat(CALLS.get("fetches")).isEqualTo(9);
        JsonNode record = onlyRecord();
        assertThat(record.path("retries")).hasSize(2);
        assertThat(record.path("retries").get(0).path("exceptionType").asText()).isEqualTo("java.net.SocketTimeoutException");
        assertThat(record.path("retries").get(1).path("message").asText()).contains("call 5");
        assertThat(record.path("samples")).hasSize(3);
        List<String> entries = new ArrayList<>();
        results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.reporting.ReportEntry.class).orElseThrow())
                .forEach(e -> entries.addAll(e.getKeyValuePairs().keySet()));
        assertThat(entries).contains("perf.retries");
    }

    @Test
    @DisplayName("retries stop after maxRetries; the last failure is reported with every retry")
    void retriesAreBounded() throws IOException {
        EngineExecutionResults results = run(AlwaysFlakyTestCase.class, Map.of());
        results.testEvents().assertThatEvents().haveExactly(1, event(test(), finishedWithFailure(instanceOf(SocketTimeoutException.class))));
        assertThat(CALLS.get("always")).isEqualTo(2);
        assertThat(failureMessage(results)).contains("Diagnosis: EXECUTION_ERROR").contains("after 1 retry");
        assertThat(onlyRecord().path("retries")).hasSize(1);
    }

    @Test
    @DisplayName("an undeclared exception is not retried")
    void undeclaredNotRetried() {
        run(UndeclaredFailureTestCase.class, Map.of()).testEvents().assertStatistics(s -> s.failed(1));
        assertThat(CALLS.get("undeclared")).isEqualTo(1);
    }

    /** A minimal loader: magic, version, tensor count, tensor size, then the tensors' bytes. */
    static final class TinyLoader {
        static byte[] header(int tensors, int tensorBytes, int dataBytes) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(24 + dataBytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.put("GGUF".getBytes(StandardCharsets.US_ASCII)).putInt(3).putLong(tensors).putLong(tensorBytes);
            return b.array();
        }

        static List<byte[]> load(Path file) throws IOException {
            try (DataInputStream data = new DataInputStream(Files.newInputStream(file))) {
                java.nio.ByteBuffer fields = java.nio.ByteBuffer.wrap(data.readNBytes(24)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                fields.getInt();
                fields.getInt();
                long tensors = fields.getLong();
                long size = fields.getLong();
                List<byte[]> result = new ArrayList<>();
                for (long t = 0; t < tensors; t++) {
                    byte[] bytes = data.readNBytes((int) size);
                    if (bytes.length < size) {
                        throw new EOFException(file + ": tensor " + t + " needs " + size + " bytes but only " + bytes.length + " remain");
                    }
                    result.add(bytes);
                }
                return result;
            }
        }
    }
}
