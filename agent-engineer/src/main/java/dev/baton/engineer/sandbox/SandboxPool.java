package dev.baton.engineer.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out sandboxes, keeping {@link SandboxOptions#poolSize()} warm ones ready: created, started and frozen,
 * each with its own empty workspace directory already mounted. Acquiring one only renames it for the task and
 * starts its TTL; the caller then clones into {@link Sandbox#workspace()} (the mount is fixed at creation, which
 * is why the pool hands out empty workspaces rather than mounting a finished clone). A warm sandbox idle longer
 * than {@link SandboxOptions#poolMaxIdle()} is destroyed instead of handed out. When the pool is empty,
 * acquisition creates a sandbox on the spot. Refills run on virtual threads. Thread-safe.
 */
public final class SandboxPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxPool.class);

    private final SandboxFactory factory;
    private final SandboxOptions options;
    private final LinkedBlockingDeque<DockerSandbox> idle = new LinkedBlockingDeque<>();
    private final ReentrantLock fillLock = new ReentrantLock();
    private final AutoCloseable[] owned;
    private int filling;
    private volatile boolean closed;

    /** A pool over {@code factory}; starts filling at once. Closing it does not close {@code owned} unless given. */
    public SandboxPool(SandboxFactory factory, AutoCloseable... owned) {
        this.factory = factory;
        this.options = factory.options();
        this.owned = owned;
        refill();
    }

    /**
     * Connects to the engine, starts the {@link SandboxReaper} (one pass now, then periodic) and a pool. Closing
     * the pool closes the reaper and the connection too.
     *
     * @throws SandboxException when the engine is unreachable, the image is missing, or this process is not root
     */
    public static SandboxPool start(SandboxOptions options) {
        DockerConnection docker = DockerConnection.connect(options.dockerHost());
        try {
            var factory = new SandboxFactory(docker, options);
            var reaper = new SandboxReaper(docker, options).start();
            return new SandboxPool(factory, reaper, docker);
        } catch (RuntimeException e) {
            docker.close();
            throw e;
        }
    }

    /** A sandbox for the task, warm if one is ready. Blocking; the caller must close it. */
    public Sandbox acquire(String ticketId, String taskId) {
        if (closed) {
            throw new SandboxException("the sandbox pool is closed");
        }
        for (DockerSandbox warm = idle.pollFirst(); warm != null; warm = idle.pollFirst()) {
            if (Duration.between(warm.createdAt(), Instant.now()).compareTo(options.poolMaxIdle()) > 0) {
                warm.close();
                continue;
            }
            try {
                warm.assign(ticketId, taskId, SandboxFactory.name(ticketId, taskId));
                refill();
                return warm;
            } catch (RuntimeException e) {
                LOG.warn("warm sandbox {} is unusable, trying another: {}", warm.id(), e.getMessage());
                warm.close();
            }
        }
        refill();
        return factory.create(ticketId, taskId);
    }

    /** The options every sandbox of this pool is created with. */
    public SandboxOptions options() {
        return options;
    }

    /** Warm sandboxes ready right now. */
    public int ready() {
        return idle.size();
    }

    private void refill() {
        fillLock.lock();
        try {
            while (!closed && idle.size() + filling < options.poolSize()) {
                filling++;
                Thread.ofVirtual().name("sandbox-pool-fill").start(this::addOne);
            }
        } finally {
            fillLock.unlock();
        }
    }

    private void addOne() {
        try {
            DockerSandbox sandbox = factory.createWarm();
            idle.addLast(sandbox);
            if (closed && idle.remove(sandbox)) {
                sandbox.close();
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot create a warm sandbox (acquisition will create one on demand): {}", e.getMessage());
        } finally {
            fillLock.lock();
            filling--;
            fillLock.unlock();
        }
    }

    private void awaitFills(Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        try {
            while (filling() > 0 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int filling() {
        fillLock.lock();
        try {
            return filling;
        } finally {
            fillLock.unlock();
        }
    }

    /** Destroys the warm sandboxes (acquired ones stay with their callers) and closes what the pool owns. */
    @Override
    public void close() {
        closed = true;
        awaitFills(Duration.ofSeconds(30));
        for (DockerSandbox s = idle.pollFirst(); s != null; s = idle.pollFirst()) {
            s.close();
        }
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("cannot close {}: {}", c, e.getMessage());
            }
        }
    }
}
