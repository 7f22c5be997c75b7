package dev.bitnet.perf.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitCommitTests {
    static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    static final String OTHER = "89abcdef0123456789abcdef0123456789abcdef";

    @Test
    void ciVariableWins(@TempDir Path dir) {
        assertThat(GitCommit.find(Map.of("GITHUB_SHA", SHA), dir)).contains(SHA);
    }

    @Test
    void followsHeadIntoLooseRef(@TempDir Path dir) throws IOException {
        Path git = Files.createDirectories(dir.resolve(".git/refs/heads"));
        Files.writeString(dir.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(git.resolve("main"), SHA + "\n");
        Path nested = Files.createDirectories(dir.resolve("module/src"));
        assertThat(GitCommit.find(Map.of(), nested)).contains(SHA);
    }

    @Test
    void readsPackedRefs(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve(".git/HEAD"), "ref: refs/heads/perf\n");
        Files.writeString(dir.resolve(".git/packed-refs"), "# pack-refs with: peeled fully-peeled sorted\n"
                + OTHER + " refs/heads/main\n" + SHA + " refs/heads/perf\n");
        assertThat(GitCommit.find(Map.of(), dir)).contains(SHA);
    }

    @Test
    void followsWorktreeGitdirAndCommondir(@TempDir Path dir) throws IOException {
        Path common = Files.createDirectories(dir.resolve("repo/.git"));
        Path worktreeGit = Files.createDirectories(common.resolve("worktrees/wt"));
        Files.writeString(worktreeGit.resolve("HEAD"), "ref: refs/heads/wt\n");
        Files.writeString(worktreeGit.resolve("commondir"), "../..\n");
        Files.createDirectories(common.resolve("refs/heads"));
        Files.writeString(common.resolve("refs/heads/wt"), SHA);
        Path worktree = Files.createDirectories(dir.resolve("wt"));
        Files.writeString(worktree.resolve(".git"), "gitdir: " + worktreeGit + "\n");
        assertThat(GitCommit.find(Map.of(), worktree)).contains(SHA);
    }

    @Test
    void detachedHeadAndNoRepository(@TempDir Path dir) throws IOException {
        assertThat(GitCommit.fromGitDirectory(dir)).isEmpty();
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve(".git/HEAD"), OTHER + "\n");
        assertThat(GitCommit.find(Map.of("GITHUB_SHA", "not-a-sha"), dir)).contains(OTHER);
    }
}
