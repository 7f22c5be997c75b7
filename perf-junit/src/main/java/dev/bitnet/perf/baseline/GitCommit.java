package dev.bitnet.perf.baseline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Finds the commit id of the working tree without running {@code git}: CI variables first
 * ({@code GITHUB_SHA}, {@code CI_COMMIT_SHA}, {@code GIT_COMMIT}), then {@code .git/HEAD} found
 * upwards from a directory, following {@code ref:} lines into loose refs or {@code packed-refs},
 * and {@code gitdir:} / {@code commondir} files of worktrees and submodules.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class GitCommit {
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");
    private static final List<String> CI_VARIABLES = List.of("GITHUB_SHA", "CI_COMMIT_SHA", "GIT_COMMIT");

    private GitCommit() {}

    /** The commit of the working directory, from the environment or {@code .git}. */
    public static Optional<String> current() {
        return find(System.getenv(), Path.of("").toAbsolutePath());
    }

    static Optional<String> find(Map<String, String> environment, Path start) {
        for (String variable : CI_VARIABLES) {
            String value = environment.get(variable);
            if (value != null && SHA.matcher(value.trim()).matches()) {
                return Optional.of(value.trim());
            }
        }
        return fromGitDirectory(start);
    }

    static Optional<String> fromGitDirectory(Path start) {
        try {
            for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
                Path dotGit = dir.resolve(".git");
                if (Files.isDirectory(dotGit)) {
                    return headOf(dotGit);
                }
                if (Files.isRegularFile(dotGit)) {
                    String text = read(dotGit).trim();
                    if (text.startsWith("gitdir:")) {
                        Path gitDir = dir.resolve(text.substring("gitdir:".length()).trim()).normalize();
                        return headOf(gitDir);
                    }
                    return Optional.empty();
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<String> headOf(Path gitDir) throws IOException {
        String head = read(gitDir.resolve("HEAD")).trim();
        if (SHA.matcher(head).matches()) {
            return Optional.of(head);
        }
        if (!head.startsWith("ref:")) {
            return Optional.empty();
        }
        String ref = head.substring("ref:".length()).trim();
        Path commonDir = gitDir;
        Path commonDirFile = gitDir.resolve("commondir");
        if (Files.isRegularFile(commonDirFile)) {
            commonDir = gitDir.resolve(read(commonDirFile).trim()).normalize();
        }
        for (Path base : List.of(gitDir, commonDir)) {
            Path loose = base.resolve(ref);
            if (Files.isRegularFile(loose)) {
                String sha = read(loose).trim();
                if (SHA.matcher(sha).matches()) {
                    return Optional.of(sha);
                }
            }
        }
        Path packed = commonDir.resolve("packed-refs");
        if (Files.isRegularFile(packed)) {
            for (String line : read(packed).split("\n")) {
                String[] parts = line.trim().split(" ");
                if (parts.length == 2 && parts[1].equals(ref) && SHA.matcher(parts[0]).matches()) {
                    return Optional.of(parts[0]);
                }
            }
        }
        return Optional.empty();
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
