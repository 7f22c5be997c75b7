package dev.bitnet.perf.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Atomic writes")
class AtomicFilesTests {

    @TempDir
    Path dir;

    @Test
    @DisplayName("replace the content and leave no temporary file")
    void replaceContent() throws IOException {
        Path target = dir.resolve("sub/report.json");
        AtomicFiles.writeString(target, "first");
        AtomicFiles.writeString(target, "second");
        assertThat(target).hasContent("second");
        if (target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
                    .as("readable by CI steps and other users").isEqualTo("rw-r--r--");
        }
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    @DisplayName("a failed write leaves the old file and no temporary file")
    void failedWriteKeepsOld() throws IOException {
        Path target = dir.resolve("occupied");
        Files.createDirectories(target.resolve("child"));   // a non-empty directory cannot be replaced by a file
        assertThatThrownBy(() -> AtomicFiles.writeString(target, "new")).isInstanceOf(IOException.class);
        assertThat(target.resolve("child")).isDirectory();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    /**
     * Kills a JVM that keeps rewriting a large JSON report and checks that the file it leaves is
     * always complete, valid JSON. The child signals each finished write; the kill lands while
     * the next one is in progress.
     */
    @Test
    @DisplayName("a JVM killed while writing never leaves a half-written file")
    void killedWriterLeavesCompleteFile() throws Exception {
        Path target = dir.resolve("performance-report.json");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), KeepWriting.class.getName(),
                target.toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (int writes = 0; writes < 3; ) {
                String line = out.readLine();
                assertThat(line).as("child output").isNotNull();
                if (line.startsWith("wrote")) {
                    writes++;
                }
            }
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        JsonNode json = ReportJson.MAPPER.readTree(target.toFile());
        assertThat(json.path("complete").asBoolean()).isTrue();
        assertThat(json.path("values").size()).isEqualTo(KeepWriting.VALUES);
    }

    /** Child JVM main: rewrites a ~4 MB JSON file atomically until killed. */
    public static final class KeepWriting {
        static final int VALUES = 200_000;

        public static void main(String[] args) throws IOException {
            Path target = Path.of(args[0]);
            for (int round = 0; ; round++) {
                StringBuilder json = new StringBuilder("{\"round\":").append(round).append(",\"values\":[");
                for (int i = 0; i < VALUES; i++) {
                    json.append(i == 0 ? "" : ",").append(round + i * 0.5);
                }
                json.append("],\"complete\":true}");
                AtomicFiles.writeString(target, json.toString());
                System.out.println("wrote " + round);
                System.out.flush();
            }
        }
    }

    @Test
    @DisplayName("the temporary file lives next to the target, so the rename stays on one file system")
    void tempFileInSameDirectory() throws IOException {
        Path target = dir.resolve("a.json");
        AtomicFiles.write(target, new byte[] {1, 2, 3});
        assertThat(Files.readAllBytes(target)).containsExactly(1, 2, 3);
        assertThat(List.of(dir.toFile().list())).containsExactly("a.json");
    }
}
