package dev.baton.agent.git;

import dev.baton.agent.tools.ToolException;
import dev.baton.protocol.ErrorCode;
import dev.baton.agent.tools.AgentFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A git working copy for one task, driven through the git CLI with hooks disabled. File paths given by a
 * model are resolved with {@link #resolve}, which refuses anything outside the working copy. Not thread-safe.
 */
public final class GitWorkspace {
    private static final long TIMEOUT_SECONDS = 120;
    private final Path root;
    private final RepoAccess access;

    private GitWorkspace(Path root, RepoAccess access) {
        this.root = root;
        this.access = access;
    }

    /** Clones {@code branch} of the repository into {@code dir}, which must not exist. */
    public static GitWorkspace clone(RepoAccess access, String branch, Path dir) {
        run(dir.getParent(), access, "clone", "--quiet", "--no-tags", "--single-branch", "--branch", branch,
                access.url(), dir.getFileName().toString());
        return new GitWorkspace(dir, access);
    }

    /** Clones {@code branch} of a repository that needs no credential (a local path or a public URL). */
    public static GitWorkspace clone(String url, String branch, Path dir) {
        return clone(RepoAccess.direct(url), branch, dir);
    }

    /** Whether the repository has branch {@code branch}. */
    public static boolean hasBranch(RepoAccess access, String branch, Path cwd) {
        return !run(cwd, access, "ls-remote", "--heads", access.url(), "refs/heads/" + branch).isBlank();
    }

    public Path root() {
        return root;
    }

    public String git(String... args) {
        return run(root, access, args);
    }

    /** Resolves a model-supplied relative path, refusing absolute paths, {@code ..}, {@code .git} and symlink escapes. */
    public Path resolve(String relative) throws ToolException {
        if (relative == null || relative.isBlank()) {
            throw new ToolException("path is required");
        }
        Path p = Path.of(relative);
        if (p.isAbsolute()) {
            throw new ToolException("absolute paths are refused: " + relative);
        }
        Path resolved = root.resolve(p).normalize();
        if (!resolved.startsWith(root) || resolved.equals(root)) {
            throw new ToolException("path escapes the workspace: " + relative);
        }
        if (root.relativize(resolved).startsWith(".git")) {
            throw new ToolException("the .git directory is not accessible: " + relative);
        }
        try {
            Path existing = resolved;
            while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                existing = existing.getParent();
            }
            if (!existing.toRealPath().startsWith(root.toRealPath())) {
                throw new ToolException("path leads outside the workspace through a symlink: " + relative);
            }
        } catch (IOException e) {
            throw new ToolException("cannot resolve " + relative + ": " + e.getMessage());
        }
        return resolved;
    }

    static String run(Path cwd, RepoAccess access, String... args) {
        var command = new ArrayList<>(List.of("git", "-c", "core.hooksPath=/dev/null", "-c", "protocol.file.allow=always"));
        command.addAll(List.of(args));
        try {
            var builder = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(false);
            builder.environment().putAll(access.environment());
            Process process = builder.start();
            process.getOutputStream().close();
            var stdout = process.getInputStream().readAllBytes();
            var stderr = process.getErrorStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AgentFailure(ErrorCode.GIT_ERROR, "git " + args[0] + " timed out");
            }
            if (process.exitValue() != 0) {
                throw new AgentFailure(ErrorCode.GIT_ERROR, "git " + String.join(" ", args) + " failed: "
                        + new String(stderr, StandardCharsets.UTF_8).strip());
            }
            return new String(stdout, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AgentFailure(ErrorCode.GIT_ERROR, "cannot run git: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentFailure(ErrorCode.GIT_ERROR, "interrupted");
        }
    }
}
