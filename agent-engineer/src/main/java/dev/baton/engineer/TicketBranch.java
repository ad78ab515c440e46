package dev.baton.engineer;

import dev.baton.agent.git.GitWorkspace;
import dev.baton.agent.git.RepoAccess;
import dev.baton.agent.tools.AgentFailure;
import dev.baton.engineer.sandbox.Sandbox;
import dev.baton.engineer.sandbox.tools.WorkspaceGit;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.ToolCall;
import dev.baton.protocol.WorkOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The ticket branch as one Engineer stage sees it: where the stage starts (the branch's commit if the branch
 * exists, else the base's, resolved once), a shallow checkout of exactly that commit with the git directory
 * outside the sandbox, and the push of the stage's commit, never forced. All git goes through the work order's
 * {@link RepoAccess}, so through the vault proxy's relay when the repository is a named remote. Stateless;
 * failures are {@link AgentFailure}s.
 */
final class TicketBranch {
    /** Commits fetched: the pinned one and its recent ancestors, enough to find a stage's earlier commit. */
    static final int DEPTH = 20;
    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-f]{40}");

    private TicketBranch() {}

    /**
     * Where a stage starts.
     *
     * @param ref          the full ref that was resolved ({@code refs/heads/baton/<ticket>} or the base)
     * @param commit       the commit it pointed at, the one the stage works on
     * @param branchExists whether {@code ref} is the ticket branch
     */
    record Pin(String ref, String commit, boolean branchExists) {
        /** The audit record of the pin: what the Engineer started from (host-side git, so no sandbox exit code). */
        ToolCall event(WorkOrder order, long durationMs) {
            return new ToolCall(order.ticketId(), order.taskId(), order.role(), "checkout", ref, null, durationMs,
                    "checked out " + ref + " at " + commit + " (shallow, depth " + DEPTH + ") as " + order.branch(),
                    false);
        }
    }

    /**
     * Resolves the ticket branch, else the ticket's base (a branch, a tag, a full ref or a commit id), to a commit,
     * with one {@code git ls-remote}.
     *
     * @throws AgentFailure (GIT_ERROR) when the remote is unreachable or has neither
     */
    static Pin resolve(RepoAccess access, WorkOrder order, Path cwd) {
        String branch = "refs/heads/" + order.branch();
        String base = order.ticket().baseRef();
        List<String> bases = base.startsWith("refs/") ? List.of(base)
                : List.of("refs/heads/" + base, "refs/tags/" + base);
        var refs = new ArrayList<>(List.of(branch));
        refs.addAll(bases);
        Map<String, String> found = GitWorkspace.remoteRefs(access, cwd, refs);
        if (found.containsKey(branch)) {
            return new Pin(branch, found.get(branch), true);
        }
        for (String ref : bases) {
            if (found.containsKey(ref)) {
                return new Pin(ref, found.get(ref), false);
            }
        }
        if (COMMIT_ID.matcher(base).matches()) {
            return new Pin(base, base, false);
        }
        throw new AgentFailure(ErrorCode.GIT_ERROR, "the repository has neither " + order.branch()
                + " nor the base " + base);
    }

    /** Checks the pinned commit out into the sandbox's workspace as the ticket branch; git stays outside. */
    static GitWorkspace checkout(Sandbox sandbox, RepoAccess access, Pin pin, WorkOrder order) {
        return sandbox.whileFrozen(() -> GitWorkspace.pinned(access, pin.commit(), DEPTH, order.branch(),
                sandbox.workspace(), sandbox.gitDir()));
    }

    /** This stage's commit among the recent history of the pinned commit, made by any attempt. Run frozen. */
    static Optional<String> stageCommit(GitWorkspace ws, Pin pin, WorkOrder order) {
        return pin.branchExists() ? StageTrailers.find(ws, pin.commit(), DEPTH - 1, order) : Optional.empty();
    }

    /**
     * Pushes {@code commit} to the ticket branch, never forced, and returns the stage's commit on the branch:
     * {@code commit}, or the commit another attempt of the same stage pushed first. Run frozen.
     *
     * @throws AgentFailure PUSH_CONFLICT (retriable) when the branch moved and holds no commit of this stage;
     *                      GIT_ERROR when the push failed otherwise
     */
    static String push(GitWorkspace ws, Pin pin, WorkOrder order, String commit) {
        try {
            WorkspaceGit.git(ws, "push", "--quiet", "origin", commit + ":refs/heads/" + order.branch());
            return commit;
        } catch (AgentFailure refused) {
            String ref = "refs/heads/" + order.branch();
            String tip = GitWorkspace.remoteRefs(ws.access(), ws.gitDir(), List.of(ref)).get(ref);
            if (tip == null || tip.equals(pin.commit())) {
                throw refused; // the branch did not move: not a race, report git's own reason
            }
            WorkspaceGit.git(ws, "fetch", "--quiet", "--no-tags", "--depth=" + DEPTH, "origin", tip);
            return StageTrailers.find(ws, tip, DEPTH - 1, order).orElseThrow(() -> new AgentFailure(
                    ErrorCode.PUSH_CONFLICT, "the push to " + order.branch() + " was refused: the branch moved from "
                    + abbrev(pin.commit()) + " to " + abbrev(tip) + " while this attempt worked, and holds no commit"
                    + " of ticket " + order.ticketId() + ", task " + order.taskId() + ", round " + order.round()
                    + "; nothing was force-pushed, a new attempt starts from the new tip"));
        }
    }

    private static String abbrev(String commit) {
        return commit.substring(0, Math.min(12, commit.length()));
    }
}
