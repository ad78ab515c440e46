package dev.baton.engineer.sandbox;

import dev.baton.engineer.sandbox.internal.ExecRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Sandbox} backed by one Docker container, made by {@link SandboxFactory}. Between commands the
 * container stays frozen while host code runs ({@link #whileFrozen}); before a command the workspace is handed
 * to the sandbox user. Thread-safe (one lock); see {@link Sandbox} for failure modes.
 */
public final class DockerSandbox implements Sandbox {
    private static final Logger LOG = LoggerFactory.getLogger(DockerSandbox.class);

    private final SandboxFactory factory;
    private final String id;
    private final Path slot;
    private final Instant createdAt = Instant.now();
    private final ReentrantLock lock = new ReentrantLock();
    private final Commands commands;
    private volatile String ticketId;
    private volatile String taskId;
    private volatile Instant expiresAt;
    private final Freezer freezer;
    private boolean dirty = true;
    private boolean closed;

    DockerSandbox(SandboxFactory factory, String id, Path slot, String ticketId, String taskId, Instant expiresAt,
            boolean paused) {
        this.factory = factory;
        this.id = id;
        this.slot = slot;
        this.ticketId = ticketId;
        this.taskId = taskId;
        this.expiresAt = expiresAt;
        this.freezer = new Freezer(factory.docker().client(), id, this::restart, paused);
        this.commands = new Commands(factory.options(), new ExecRunner(factory.docker().client(),
                factory.docker().http()), id, workspace(), this::restart, factory.guard());
    }

    @Override
    public ExecResult exec(List<String> command, Duration timeout) {
        lock.lock();
        try {
            Instant now = Instant.now();
            checkUsable(now);
            if (dirty) {
                freezer.freeze();
                factory.guard().handOver(workspace());
                dirty = false;
            }
            freezer.thaw();
            Duration remaining = Duration.between(now, expiresAt);
            return commands.run(command, timeout.compareTo(remaining) > 0 ? remaining : timeout);
        } catch (IOException | RuntimeException e) {
            throw e instanceof SandboxException s ? s
                    : new SandboxException("sandbox " + id + " failed running " + command + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public <T, X extends Exception> T whileFrozen(FrozenAction<T, X> action) throws X {
        lock.lock();
        try {
            checkUsable(Instant.now());
            freezer.freeze();
            dirty = true;
            return action.run();
        } finally {
            lock.unlock();
        }
    }

    /** Renames a warm container for its task and starts its TTL (labels cannot change; the name can). */
    void assign(String ticket, String task, String name) {
        lock.lock();
        try {
            factory.docker().client().renameContainerCmd(id).withName(name).exec();
            this.ticketId = ticket;
            this.taskId = task;
            this.expiresAt = Instant.now().plus(factory.options().ttl());
        } finally {
            lock.unlock();
        }
    }

    private void checkUsable(Instant now) {
        if (closed) {
            throw new SandboxException("sandbox " + id + " is closed");
        }
        if (now.isAfter(expiresAt)) {
            throw new SandboxException("sandbox " + id + " expired at " + expiresAt + " (TTL "
                    + factory.options().ttl() + "); acquire a new one");
        }
    }

    /** Kills every process (PID 1 included) and starts the container again: the way out of any runaway command. */
    private void restart() {
        var client = factory.docker().client();
        client.stopContainerCmd(id).withTimeout(0).exec();
        client.startContainerCmd(id).exec();
        LOG.info("sandbox {} restarted to end a runaway command", id);
    }

    @Override
    /**
     * Removes the container at once, without waiting for a running command (the kill switch): the command's
     * exec fails, and a later {@link #close()} only cleans up. Thread-safe.
     */
    public void kill() {
        factory.destroy(id, slot);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                factory.destroy(id, slot);
            }
        } finally {
            lock.unlock();
        }
    }

    Instant createdAt() {
        return createdAt;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String ticketId() {
        return ticketId;
    }

    @Override
    public String taskId() {
        return taskId;
    }

    @Override
    public Path workspace() {
        return slot.resolve("workspace");
    }

    @Override
    public Path gitDir() {
        return slot.resolve("git");
    }

    @Override
    public Instant expiresAt() {
        return expiresAt;
    }
}
