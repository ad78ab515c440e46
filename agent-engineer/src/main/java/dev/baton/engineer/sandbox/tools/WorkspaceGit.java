package dev.baton.engineer.sandbox.tools;

import dev.baton.agent.git.GitWorkspace;
import dev.baton.agent.tools.AgentFailure;
import dev.baton.engineer.sandbox.Sandbox;
import dev.baton.engineer.sandbox.internal.WorkspaceGuard;
import dev.baton.protocol.ErrorCode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The engineer's host-side git on a workspace a sandbox has written to: always with the sandbox frozen, hooks
 * off, no fsmonitor, and never descending into submodules. A nested repository (an inner {@code .git} the
 * sandbox made) is refused outright: git would run that repository's own config (fsmonitor, filters) on the host.
 * Stateless and thread-safe; git failures are {@link AgentFailure}s with GIT_ERROR.
 */
public final class WorkspaceGit {
    private static final List<String> HARDENED = List.of("-c", "core.fsmonitor=false", "-c",
            "diff.ignoreSubmodules=all", "-c", "submodule.recurse=false", "-c", "status.submoduleSummary=false",
            "-c", "core.untrackedCache=false");

    private WorkspaceGit() {}

    /**
     * Stages everything and commits, as {@link GitWorkspace#commitAll} does but hardened. Returns the commit, or
     * null when nothing changed.
     *
     * @throws AgentFailure (AGENT_FAILED) when the workspace holds a nested repository; (GIT_ERROR) when git fails
     */
    public static String commitAll(Sandbox sandbox, GitWorkspace ws, String message) {
        return sandbox.whileFrozen(() -> {
            refuseNestedRepositories(ws.root());
            git(ws, "add", "--all");
            if (git(ws, "status", "--porcelain").isBlank()) {
                return null;
            }
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

    private static void refuseNestedRepositories(Path workspace) {
        List<Path> nested = nestedRepositories(workspace);
        if (!nested.isEmpty()) {
            throw new AgentFailure(ErrorCode.AGENT_FAILED, "the workspace holds nested git repositories " + nested
                    + "; the engineer does not run git on them (their config could run code on the host)");
        }
    }
}
