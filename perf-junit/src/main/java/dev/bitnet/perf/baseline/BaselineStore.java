package dev.bitnet.perf.baseline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * {@code BaselineStore} keeps baselines as plain JSON files under
 * {@code <root>/<environment-class>/<safe-test-id>.json} and one history file per environment
 * class, {@code <root>/<environment-class>/history.jsonl}.
 *
 * <p><strong>Concurrency</strong>: every write holds an exclusive lock on
 * {@code <root>/.perf-junit.lock} (a {@link FileLock}, which serialises forked JVMs, plus an
 * in-JVM lock, because a {@code FileLock} is held per JVM, not per thread). Baselines are written
 * to a temporary file in the same directory, forced to disk and moved over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE}, so a reader sees the old or the new file, never half of
 * one. History lines are appended under the same lock. Add {@code .perf-junit.lock} to
 * {@code .gitignore}.
 *
 * <p><strong>Bad files</strong> are never overwritten or deleted: writing a baseline over an
 * existing file that does not parse fails with the {@link BaselineFormatException} of that file.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class BaselineStore {
    public static final String HISTORY_FILE = "history.jsonl";
    public static final String LOCK_FILE = ".perf-junit.lock";
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path root;

    public BaselineStore(Path root) {
        this.root = Objects.requireNonNull(root, "root must not be null").toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Where the baseline of {@code testId} in {@code environmentClass} lives. */
    public Path fileFor(String environmentClass, String testId) {
        return classDirectory(environmentClass).resolve(SafeFileName.of(testId) + ".json");
    }

    public Path historyFile(String environmentClass) {
        return classDirectory(environmentClass).resolve(HISTORY_FILE);
    }

    private Path classDirectory(String environmentClass) {
        if (!environmentClass.matches("[a-z0-9][a-z0-9.-]*") || environmentClass.contains("..")) {
            throw new IllegalArgumentException("environment class must be a slug of [a-z0-9.-] but was: " + environmentClass);
        }
        return root.resolve(environmentClass);
    }

    /** Every environment class that has a directory under the root, sorted. */
    public List<String> environmentClasses() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(name -> name.matches("[a-z0-9][a-z0-9.-]*"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list baseline directory " + root, e);
        }
    }

    /**
     * Looks up the baseline of a test in one environment class.
     *
     * @throws BaselineFormatException when the file exists but is unusable
     */
    public BaselineLookup find(String environmentClass, String testId) {
        Path file = fileFor(environmentClass, testId);
        List<String> classes = environmentClasses();
        if (Files.isRegularFile(file)) {
            return new BaselineLookup(file, environmentClass, readChecked(file, environmentClass, testId), List.of(), classes);
        }
        List<String> others = new ArrayList<>();
        for (String other : classes) {
            if (!other.equals(environmentClass) && Files.isRegularFile(fileFor(other, testId))) {
                others.add(other);
            }
        }
        return new BaselineLookup(file, environmentClass, null, others, classes);
    }

    /** Reads a baseline and checks that it belongs where it lies. */
    private Baseline readChecked(Path file, String environmentClass, String testId) {
        Baseline baseline = read(file);
        if (!baseline.testId().equals(testId)) {
            throw new BaselineFormatException(file, "testId", "is \"" + baseline.testId() + "\" but the file belongs to test \""
                    + testId + "\".");
        }
        if (!baseline.environmentClass().equals(environmentClass)) {
            throw new BaselineFormatException(file, "environmentClass", "is \"" + baseline.environmentClass()
                    + "\" but the file lies in the directory of class \"" + environmentClass + "\".");
        }
        return baseline;
    }

    /** Reads and validates one baseline file. */
    public Baseline read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BaselineFormatException(file, "", "does not exist.", e);
        } catch (IOException e) {
            throw new BaselineFormatException(file, "", "cannot be read: " + e + ".", e);
        }
        return BaselineJson.readBaseline(file, text);
    }

    /**
     * Writes a baseline atomically, replacing a valid older one.
     *
     * @return the file written
     * @throws BaselineFormatException when an existing file at that place is unusable (it is kept)
     */
    public Path write(Baseline baseline) {
        Path file = fileFor(baseline.environmentClass(), baseline.testId());
        String json = BaselineJson.write(baseline);
        return locked(() -> {
            if (Files.exists(file)) {
                readChecked(file, baseline.environmentClass(), baseline.testId()); // a bad file throws and stays as it is
            }
            writeAtomically(file, json);
            return file;
        });
    }

    /** Appends one line to the history of the entry's environment class. */
    public Path appendHistory(HistoryEntry entry) {
        Path file = historyFile(entry.environmentClass());
        byte[] line = (BaselineJson.writeHistoryLine(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        return locked(() -> {
            try {
                Files.createDirectories(file.getParent());
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
                    ByteBuffer buffer = ByteBuffer.wrap(line);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(false);
                }
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to history file " + file, e);
            }
        });
    }

    /**
     * Reads the history of an environment class, oldest first; empty when there is none.
     *
     * @throws BaselineFormatException naming the file and line of a malformed line
     */
    public List<HistoryEntry> readHistory(String environmentClass) {
        Path file = historyFile(environmentClass);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BaselineFormatException(file, "", "cannot be read: " + e + ".", e);
        }
        List<HistoryEntry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                entries.add(BaselineJson.readHistoryLine(file, i + 1, lines.get(i)));
            }
        }
        return List.copyOf(entries);
    }

    private <T> T locked(Supplier<T> action) {
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(root, r -> new ReentrantLock());
        jvmLock.lock();
        try {
            Files.createDirectories(root);
            try (FileChannel channel = FileChannel.open(root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                return action.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock baseline directory " + root, e);
        } finally {
            jvmLock.unlock();
        }
    }

    private static void writeAtomically(Path file, String content) {
        Path temporary = null;
        try {
            Files.createDirectories(file.getParent());
            temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Same directory, so this only happens on unusual file systems; the lock still
                // keeps writers apart, readers may briefly see no file.
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write baseline file " + file, e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the temporary file is ours; leaving it is harmless
                }
            }
        }
    }
}
