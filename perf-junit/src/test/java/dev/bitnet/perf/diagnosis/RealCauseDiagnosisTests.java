package dev.bitnet.perf.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each diagnosis triggered by a real cause: a real OOM in a child JVM, a real timeout, a real truncated model file. */
@DisplayName("Diagnoses of real failures")
class RealCauseDiagnosisTests {

    private final DiagnosisClassifier classifier = new DiagnosisClassifier(DiagnosisSettings.defaults());

    @Test
    @DisplayName("a real OutOfMemoryError in a JVM with a 24 MiB heap is memory exhaustion")
    void realOutOfMemoryInForkedJvm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx24m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                ExhaustMemory.class.getName()).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        String json = output.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow(() -> new AssertionError(output));
        JsonNode node = new ObjectMapper().readTree(json);
        Diagnosis d = DiagnosisJson.fromJson(node);
        assertThat(d.type()).isEqualTo(DiagnosisType.MEMORY_EXHAUSTION);
        assertThat(d.exceptionType()).isEqualTo("java.lang.OutOfMemoryError");
        assertThat(d.headline()).startsWith("OutOfMemoryError: Java heap space in measured iteration ");
        assertThat(d.details()).contains("max heap 2"); // 24 MiB heap reported (rounded down by the JVM, 2x MiB)
    }

    /** Child JVM: allocates real arrays until the heap is exhausted, classifies the error, prints the diagnosis. */
    public static final class ExhaustMemory {
        public static void main(String[] args) {
            List<long[]> hoard = new ArrayList<>();
            int iteration = 0;
            try {
                while (true) {
                    iteration++;
                    hoard.add(new long[1 << 18]); // 2 MiB per iteration
                }
            } catch (OutOfMemoryError e) {
                int reached = iteration;
                hoard = null;
                Diagnosis d = new DiagnosisClassifier(DiagnosisSettings.defaults()).classify(e,
                        FailureContext.of("hoard()").inPhase(FailureContext.Phase.MEASUREMENT, reached, 1000),
                        EnvironmentFacts.probe());
                System.out.println(DiagnosisJson.toJson(d));
            }
        }
    }

    @Test
    @DisplayName("a real timeout of real work is a timeout with the iteration reached")
    void realTimeout() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        int[] completed = {0};
        try {
            Future<?> work = executor.submit(() -> {
                // real work that takes far longer than the timeout: repeated hashing
                long h = 0;
                for (int i = 1; !Thread.currentThread().isInterrupted(); i++) {
                    for (int j = 0; j < 200_000; j++) {
                        h = h * 31 + j;
                    }
                    completed[0] = i;
                }
                return h;
            });
            Throwable thrown = catchThrowable(() -> work.get(50, TimeUnit.MILLISECONDS));
            work.cancel(true);
            FailureContext context = FailureContext.of("spin()").withTimeout(Duration.ofMillis(50), true);
            Diagnosis d = classifier.classify(thrown, context, EnvironmentFacts.probe());
            assertThat(d.type()).isEqualTo(DiagnosisType.TIMEOUT);
            assertThat(d.exceptionType()).isEqualTo("java.util.concurrent.TimeoutException");
            assertThat(d.headline()).isEqualTo("spin() timed out after 50 milliseconds");
        } finally {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    @DisplayName("a real truncated model file read by a loader is a model load failure")
    void realCorruptModelFile(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("tiny.gguf");
        // a GGUF-like header announcing 3 tensors of 4096 bytes, cut off after 100 bytes of data
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.put("GGUF".getBytes(StandardCharsets.US_ASCII)).putInt(3).putLong(3).putLong(4096);
        byte[] truncated = new byte[24 + 100];
        System.arraycopy(header.array(), 0, truncated, 0, 24);
        Files.write(model, truncated);

        Throwable thrown = catchThrowable(() -> TinyLoader.load(model));
        assertThat(thrown).isInstanceOf(EOFException.class);
        Diagnosis d = classifier.classify(thrown, FailureContext.of("load()").inPhase(FailureContext.Phase.MODEL_LOAD, 0, 0),
                EnvironmentFacts.probe());
        assertThat(d.type()).isEqualTo(DiagnosisType.MODEL_LOAD_FAILURE);
        assertThat(d.headline()).startsWith("EOFException").endsWith("while loading the model");
        assertThat(d.actions()).first().asString().startsWith("Check that the model file exists and is complete");
    }

    /** A minimal loader: magic, version, tensor count, tensor size, then the tensors' bytes. */
    static final class TinyLoader {
        static List<byte[]> load(Path file) throws IOException {
            try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
                byte[] magic = data.readNBytes(4);
                if (!new String(magic, StandardCharsets.US_ASCII).equals("GGUF")) {
                    throw new IOException(file + ": invalid magic");
                }
                ByteBuffer fields = ByteBuffer.wrap(data.readNBytes(20)).order(ByteOrder.LITTLE_ENDIAN);
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
