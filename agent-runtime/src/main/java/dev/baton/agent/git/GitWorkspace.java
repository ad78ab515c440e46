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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A git working copy for one task, driven through the git CLI with hooks disabled. Its git directory is either
 * the usual {@code .git} inside the working copy ({@link #clone}) or a directory kept elsewhere
 * ({@link #pinned}), which every command then names explicitly, so git never discovers a repository on its
 * own. File paths given by a model are resolved with {@link #resolve}, which refuses anything outside the
 * working copy. Not thread-safe.
 */
public final class GitWorkspace {
    private static final long TIMEOUT_SECONDS = 120;
    private final Path root;
    private final Path gitDir;
    private final RepoAccess access;

    private GitWorkspace(Path root, Path gitDir, RepoAccess access) {
        this.root = root;
        this.gitDir = gitDir;
        this.access = access;
    }

    /** Clones {@code branch} of the repository into {@code dir}, which must not exist. */
    public static GitWorkspace clone(RepoAccess access, String branch, Path dir) {
        run(dir.getParent(), access, "clone", "--quiet", "--no-tags", "--single-branch", "--branch", branch, "--",
                access.url(), dir.getFileName().toString());
        return new GitWorkspace(dir, dir.resolve(".git"), access);
    }

    /**
     * Checks out exactly {@code commit} of the repository as branch {@code branch} in {@code workTree}, fetching
     * only that commit and {@code depth - 1} ancestors, with the git directory at {@code gitDir} (which must not
     * exist): nothing of git's is left in the working copy. The remote is {@code origin}.
     *
     * @throws AgentFailure (GIT_ERROR) when git fails, e.g. the remote no longer has the commit
     */
    public static GitWorkspace pinned(RepoAccess access, String commit, int depth, String branch, Path workTree,
            Path gitDir) {
        run(workTree, access, "init", "--quiet", "--separate-git-dir=" + gitDir);
        var ws = new GitWorkspace(workTree, gitDir, access);
        deleteGitFile(workTree);
        ws.git("remote", "add", "--", "origin", access.url());
        ws.git("fetch", "--quiet", "--no-tags", "--depth=" + depth, "origin", commit);
        ws.git("checkout", "--quiet", "-B", branch, commit);
        return ws;
    }

    /**
     * The commit each of {@code refs} (full names, e.g. {@code refs/heads/main}) points at on the remote, from one
     * {@code git ls-remote}; a ref the remote lacks is absent, a tag is peeled to its commit.
     */
    public static Map<String, String> remoteRefs(RepoAccess access, Path cwd, List<String> refs) {
        var args = new ArrayList<>(List.of("ls-remote", "--", access.url()));
        args.addAll(refs);
        var found = new HashMap<String, String>();
        for (String line : run(cwd, access, args.toArray(String[]::new)).split("\n")) {
            String[] fields = line.split("\t");
            if (fields.length == 2) {
                String ref = fields[1].endsWith("^{}") ? fields[1].substring(0, fields[1].length() - 3) : fields[1];
                if (refs.contains(ref) && (fields[1].endsWith("^{}") || !found.containsKey(ref))) {
                    found.put(ref, fields[0]);
                }
            }
        }
        return found;
    }

    public Path root() {
        return root;
    }

    /** The git directory: {@code root/.git}, or where {@link #pinned} put it. */
    public Path gitDir() {
        return gitDir;
    }

    /** How the repository is reached (for {@link #remoteRefs}). */
    public RepoAccess access() {
        return access;
    }

    /** Runs git in the working copy with its git directory named explicitly; returns stdout. */
    public String git(String... args) {
        var all = new ArrayList<>(List.of("--git-dir=" + gitDir, "--work-tree=" + root));
        all.addAll(List.of(args));
        return run(root, access, all.toArray(String[]::new));
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

    private static void deleteGitFile(Path workTree) {
        try {
            Files.delete(workTree.resolve(".git"));
        } catch (IOException e) {
            throw new AgentFailure(ErrorCode.GIT_ERROR, "cannot remove the .git file of " + workTree + ": " + e);
        }
    }

    /** The command line for a message, without the (long, always the same) repository locations. */
    private static String describe(String... args) {
        return String.join(" ", Arrays.stream(args)
                .filter(a -> !a.startsWith("--git-dir=") && !a.startsWith("--work-tree=")).toList());
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
                throw new AgentFailure(ErrorCode.GIT_ERROR, "git " + describe(args) + " timed out");
            }
            if (process.exitValue() != 0) {
                throw new AgentFailure(ErrorCode.GIT_ERROR, "git " + describe(args) + " failed: "
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
