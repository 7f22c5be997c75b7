package dev.bitnet.perf.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet.perf.PerformanceTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * A real {@link OutOfMemoryError} in one performance test, in a child JVM with a small heap running
 * an ordinary JUnit Platform launcher session: the test is reported as memory exhaustion and the
 * next test still runs. (Without this, JUnit treats an OutOfMemoryError as unrecoverable and
 * aborts the whole run.)
 */
@DisplayName("OutOfMemoryError in a performance test")
class OutOfMemoryTests {

    @Test
    @DisplayName("is reported as MEMORY_EXHAUSTION for that test and the run continues")
    void memoryExhaustionInForkedJvm(@TempDir Path dir) throws Exception {
        Path records = dir.resolve("records");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-Dperf.test.hoard=true",
                "-Dperf.baseline.dir=" + dir.resolve("baselines"), "-cp", System.getProperty("java.class.path"),
                LauncherMain.class.getName(), records.toString(), dir.resolve("reports").toString())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> results = new ArrayList<>();
        output.lines().filter(l -> l.startsWith("RESULT ")).forEach(l -> {
            try {
                results.add(json.readTree(l.substring(7)));
            } catch (IOException e) {
                throw new AssertionError(l, e);
            }
        });
        assertThat(results).as(output).hasSize(2);
        assertThat(results.get(0).path("name").asText()).isEqualTo("hoards()");
        assertThat(results.get(0).path("status").asText()).isEqualTo("FAILED");
        assertThat(results.get(0).path("cause").asText()).isEqualTo("java.lang.OutOfMemoryError");
        assertThat(results.get(0).path("message").asText()).contains("Diagnosis: MEMORY_EXHAUSTION (Memory exhaustion)")
                .contains("measured iteration");
        assertThat(results.get(1).path("name").asText()).isEqualTo("runsAfterwards()");
        assertThat(results.get(1).path("status").asText()).isEqualTo("SUCCESSFUL");

        JsonNode record = null;
        try (Stream<Path> files = Files.list(records)) {
            for (Path file : files.toList()) {
                JsonNode node = json.readTree(file.toFile());
                if (node.path("test").path("methodName").asText().startsWith("hoards")) {
                    record = node;
                }
            }
        }
        assertThat(record).as("record of the OOM test").isNotNull();
        assertThat(record.path("diagnosis").path("type").asText()).isEqualTo("MEMORY_EXHAUSTION");
        assertThat(record.path("error").path("type").asText()).isEqualTo("java.lang.OutOfMemoryError");
        assertThat(Files.readString(dir.resolve("reports").resolve("PERFORMANCE.md"))).contains("Memory exhaustion")
                .contains("runsAfterwards()");
    }

    /** Runs only in the child JVM (a stray selection in the build's own JVM would exhaust its heap). */
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "perf.test.hoard", matches = "true")
    static class HoardingTestCase {
        @PerformanceTest(warmup = 0, iterations = 5)
        @Order(1)
        void hoards() {
            List<long[]> hoard = new ArrayList<>();
            while (true) {
                hoard.add(new long[1 << 18]); // 2 MiB at a time until the 64 MiB heap is gone
            }
        }

        @PerformanceTest(warmup = 1, iterations = 3)
        @Order(2)
        void runsAfterwards() {
            java.util.Arrays.sort(new int[10_000]);
        }
    }

    /** Child JVM: one launcher session over {@link HoardingTestCase}; prints one RESULT line per test. */
    public static final class LauncherMain {
        public static void main(String[] args) {
            ObjectMapper json = new ObjectMapper();
            Launcher launcher = LauncherFactory.create();
            launcher.execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(DiscoverySelectors.selectClass(HoardingTestCase.class))
                    .enableImplicitConfigurationParameters(false)
                    .configurationParameters(Map.of(PerformanceTest.RECORDS_DIR_KEY, args[0], "perf.report.dir", args[1]))
                    .build(), new TestExecutionListener() {
                        @Override
                        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                            if (!id.isTest()) {
                                return;
                            }
                            ObjectNode line = json.createObjectNode().put("name", id.getDisplayName())
                                    .put("status", result.getStatus().name());
                            result.getThrowable().ifPresent(t -> {
                                StringBuilder message = new StringBuilder(String.valueOf(t.getMessage()));
                                for (Throwable s : t.getSuppressed()) {
                                    message.append('\n').append(s.getMessage());
                                }
                                line.put("exception", t.getClass().getName()).put("message", message.toString())
                                        .put("cause", t.getCause() == null ? "" : t.getCause().getClass().getName());
                            });
                            System.out.println("RESULT " + line);
                        }
                    });
        }
    }
}
