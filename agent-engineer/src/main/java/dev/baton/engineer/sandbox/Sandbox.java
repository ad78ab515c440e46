package dev.baton.engineer.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An ephemeral, capped container for one task, with the task's workspace mounted at {@code /workspace}.
 * Commands run as a non-root user with no network, no capabilities and a read-only root. The workspace's git
 * directory lives in {@link #gitDir()}, outside every mount: the sandbox can neither see nor write it. Nothing in the sandbox ever runs while host-side code touches the workspace: use
 * {@link #whileFrozen} for that (git, file tools, patches).
 *
 * <p>Thread-safe: calls are serialised, one command at a time. Failure modes: a failing command is a normal
 * {@link ExecResult}; a broken or expired sandbox or an unreachable engine is a {@link SandboxException}.
 */
public interface Sandbox extends AutoCloseable {

    /** Host code to run with every process of the sandbox frozen. */
    @FunctionalInterface
    interface FrozenAction<T, X extends Exception> {
        T run() throws X;
    }

    /** The container id. */
    String id();

    String ticketId();

    String taskId();

    /** The host directory mounted at {@code /workspace}. Empty on acquisition: clone into it. */
    Path workspace();

    /**
     * A host directory (not yet created) for the workspace's git directory, outside the sandbox's mounts so that
     * nothing in the sandbox can read or change it (config, hooks, objects, refs). Deleted with the sandbox.
     */
    Path gitDir();

    /** When the sandbox is destroyed whatever happens (its TTL). */
    Instant expiresAt();

    /**
     * Runs {@code command} (an argv, no shell unless you ask for one) in {@code /workspace}. The command and every
     * process it started are killed when it exits or after {@code timeout}, whichever comes first; nothing
     * survives into the next command. Output is capped (head and tail kept, the cut marked).
     *
     * @param timeout clamped to the sandbox's maximum and to its remaining TTL
     * @throws SandboxException when the sandbox is closed or expired, or the engine fails
     */
    ExecResult exec(List<String> command, Duration timeout);

    /** Runs host-side {@code action} with the sandbox frozen (cgroup freezer), so it cannot race the sandbox. */
    <T, X extends Exception> T whileFrozen(FrozenAction<T, X> action) throws X;

    /** Destroys the container and deletes the workspace. Idempotent; never throws. */
    @Override
    void close();

    /** Destroys the sandbox at once, even while a command runs (the kill switch). Idempotent. */
    default void kill() {
        close();
    }
}
