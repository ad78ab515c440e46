package dev.baton.launcher.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A temporary bare clone of a ticket's repository, for {@code baton replay}: finds the original run's base
 * commit, pins it for the replay when the base branch has moved, and diffs commits against it. Not thread-safe.
 */
final class ReplayRepo implements AutoCloseable {
    private final String url;
    private final Path dir;

    private ReplayRepo(String url, Path dir) {
        this.url = url;
        this.dir = dir;
    }

    static ReplayRepo clone(String url) throws IOException {
        Path dir = Files.createTempDirectory("baton-replay-");
        ReplayRepo repo = new ReplayRepo(url, dir);
        repo.git("clone", "--quiet", "--bare", "--no-tags", url, dir.toString());
        return repo;
    }

    /** The commit the first commit of a run was made on. */
    String parent(String sha) {
        return git("rev-parse", "--verify", sha + "^{commit}^").strip();
    }

    /** The commit a branch of the remote points at, or "" if it has none such. */
    String branchHead(String branch) {
        String line = git("ls-remote", "--heads", url, "refs/heads/" + branch).strip();
        return line.isEmpty() ? "" : line.split("\\s+")[0];
    }

    /** Creates branch {@code name} at {@code sha} on the remote (so agents, who clone branches, can start there). */
    void pin(String sha, String name) {
        git("push", "--quiet", url, sha + ":refs/heads/" + name);
    }

    /** Fetches the ticket branches written since the clone. */
    void refresh() {
        git("fetch", "--quiet", url, "+refs/heads/baton/*:refs/heads/baton/*");
    }

    String diff(String base, String sha) {
        return git("diff", "--no-color", "--no-ext-diff", base, sha);
    }

    private String git(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-c", "core.hooksPath=/dev/null"));
        boolean cloning = args[0].equals("clone");
        if (!cloning) {
            command.addAll(List.of("--git-dir", dir.toString()));
        }
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("git " + args[0] + " failed for " + url + ": " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run git: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
