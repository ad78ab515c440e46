package dev.baton.engineer.sandbox.tools;

import dev.baton.agent.git.GitWorkspace;
import dev.baton.agent.tools.AgentFailure;
import dev.baton.engineer.sandbox.Sandbox;
import dev.baton.engineer.sandbox.internal.WorkspaceGuard;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.secrets.DiffSecretScanner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The engineer's host-side git on a workspace a sandbox has written to: always with the sandbox frozen, hooks
 * off, no fsmonitor, and never descending into submodules. A repository the sandbox made (a {@code .git} at any
 * depth) is refused outright: git would run that repository's own config (fsmonitor, filters) on the host. A
 * change that adds a secret ({@link DiffSecretScanner}, the patterns the vault proxy uses) is never committed.
 * Stateless and thread-safe; git failures are {@link AgentFailure}s with GIT_ERROR.
 */
public final class WorkspaceGit {
    private static final List<String> HARDENED = List.of("-c", "core.fsmonitor=false", "-c",
            "diff.ignoreSubmodules=all", "-c", "submodule.recurse=false", "-c", "status.submoduleSummary=false",
            "-c", "core.untrackedCache=false");

    private static final DiffSecretScanner SCANNER = DiffSecretScanner.shapesOnly();

    private WorkspaceGit() {}

    /**
     * Stages everything, scans the lines the change adds for secrets, and commits. Returns the commit, or null
     * when nothing changed.
     *
     * @throws AgentFailure (AGENT_FAILED) when the workspace holds a nested repository; (SECRET_DETECTED) when the
     *                      change adds a secret, naming each file and line but never the secret, and nothing is
     *                      committed; (GIT_ERROR) when git fails
     */
    public static String commitAll(Sandbox sandbox, GitWorkspace ws, String message) {
        return sandbox.whileFrozen(() -> {
            refuseNestedRepositories(ws.root());
            git(ws, "add", "--all");
            if (git(ws, "status", "--porcelain").isBlank()) {
                return null;
            }
            refuseSecrets(ws);
            git(ws, "-c", "user.name=Baton Engineer", "-c", "user.email=engineer@baton.invalid", "commit", "--quiet",
                    "--no-verify", "-m", message);
            return git(ws, "rev-parse", "HEAD").trim();
        });
    }

    /** Runs {@code git <hardening> args} in the workspace; the caller must hold the sandbox frozen. */
    public static String git(GitWorkspace ws, String... args) {
        var all = new ArrayList<>(HARDENED);
        all.addAll(List.of(args));
        return ws.git(all.toArray(String[]::new));
    }

    /** Nested {@code .git} entries, relative to the workspace; empty when there are none. */
    public static List<Path> nestedRepositories(Path workspace) {
        try {
            return WorkspaceGuard.nestedGitEntries(workspace);
        } catch (IOException e) {
            throw new AgentFailure(ErrorCode.SANDBOX_ERROR, "cannot inspect the workspace: " + e.getMessage());
        }
    }

    private static void refuseSecrets(GitWorkspace ws) {
        List<DiffSecretScanner.Finding> findings = SCANNER.scan(git(ws, "diff", "--cached", "--unified=0", "--no-color",
                "--no-ext-diff", "--no-textconv", "--no-renames"));
        if (!findings.isEmpty()) {
            git(ws, "reset", "--quiet");
            throw new AgentFailure(ErrorCode.SECRET_DETECTED, "secret found, nothing committed or pushed: "
                    + String.join("; ", findings.stream().limit(5).map(Object::toString).toList())
                    + (findings.size() > 5 ? " and " + (findings.size() - 5) + " more" : "")
                    + "; keep secrets out of the repository (read them from the environment at run time)");
        }
    }

    private static void refuseNestedRepositories(Path workspace) {
        List<Path> nested = nestedRepositories(workspace);
        if (!nested.isEmpty()) {
            throw new AgentFailure(ErrorCode.AGENT_FAILED, "the workspace holds nested git repositories " + nested
                    + "; the engineer does not run git on them (their config could run code on the host)");
        }
    }
}
