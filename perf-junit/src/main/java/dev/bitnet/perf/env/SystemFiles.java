package dev.bitnet.perf.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads small text files of {@code /proc} and {@code /sys} below a root directory, so that tests
 * can point the probes at a fake tree. Anything unreadable is {@link Optional#empty()}, never an
 * exception.
 *
 * @since 0.1
 */
final class SystemFiles {
    private static final long MAX_BYTES = 1 << 20;

    private final Path root;

    SystemFiles(Path root) {
        this.root = root;
    }

    static SystemFiles real() {
        return new SystemFiles(Path.of("/"));
    }

    Path resolve(String absolutePath) {
        String relative = absolutePath.startsWith("/") ? absolutePath.substring(1) : absolutePath;
        return root.resolve(relative);
    }

    Optional<String> read(String absolutePath) {
        Path file = resolve(absolutePath);
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES && !absolutePath.startsWith("/proc")) {
                return Optional.empty();
            }
            return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    Optional<String> readTrimmed(String absolutePath) {
        return read(absolutePath).map(String::trim).filter(s -> !s.isEmpty());
    }
}
