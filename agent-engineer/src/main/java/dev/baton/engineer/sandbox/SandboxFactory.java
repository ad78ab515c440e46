package dev.baton.engineer.sandbox;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.baton.engineer.sandbox.internal.ContainerSpec;
import dev.baton.engineer.sandbox.internal.Labels;
import dev.baton.engineer.sandbox.internal.Owner;
import dev.baton.engineer.sandbox.internal.WorkspaceGuard;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates sandbox containers (see {@link ContainerSpec} for the isolation) with their workspace directory under
 * {@link SandboxOptions#workRoot()}. Thread-safe. Creation is blocking (about a quarter second): call it from a
 * virtual thread, or take a warm one from {@link SandboxPool}.
 */
public final class SandboxFactory {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxFactory.class);

    private final DockerConnection docker;
    private final SandboxOptions options;
    private final WorkspaceGuard guard;

    /**
     * @throws SandboxException when this process is neither root nor the sandbox uid, when it cannot create
     *                          workspaces under the work root, or when the image is missing
     */
    public SandboxFactory(DockerConnection docker, SandboxOptions options) {
        this.docker = docker;
        this.options = options;
        try {
            this.guard = WorkspaceGuard.forThisProcess(options.sandboxUid());
            requireWritable(options.workRoot());
        } catch (IOException | IllegalStateException e) {
            throw new SandboxException("cannot prepare workspaces: " + e.getMessage(), e);
        }
        docker.requireImage(options.image());
    }

    private static void requireWritable(Path workRoot) throws IOException {
        try {
            Files.createDirectories(workRoot);
        } catch (AccessDeniedException e) {
            throw notWritable(workRoot);
        }
        if (!Files.isWritable(workRoot) || !Files.isExecutable(workRoot)) {
            throw notWritable(workRoot);
        }
    }

    private static IOException notWritable(Path workRoot) throws IOException {
        int uid = WorkspaceGuard.hostUid();
        return new IOException("the engineer (uid " + uid + ") cannot create workspaces in " + workRoot
                + ": give it that directory (chown " + uid + " " + workRoot + " on the Docker host) or set "
                + "sandbox.work-root");
    }

    /** A new sandbox for {@code ticketId}/{@code taskId}, frozen, with an empty workspace. */
    public DockerSandbox create(String ticketId, String taskId) {
        return create(ticketId, taskId, Instant.now().plus(options.ttl()), "cold");
    }

    /** A sandbox not yet assigned to a task; its label TTL also covers the longest time it may wait in the pool. */
    DockerSandbox createWarm() {
        return create("", "", Instant.now().plus(options.poolMaxIdle()).plus(options.ttl()), "warm");
    }

    private DockerSandbox create(String ticketId, String taskId, Instant expires, String origin) {
        String name = name(ticketId, taskId);
        Path slot = options.workRoot().resolve(name);
        String id = null;
        try {
            Path workspace = guard.create(slot);
            id = ContainerSpec.create(docker.client(), options, name, Map.of(Labels.SANDBOX, "true",
                    Labels.TICKET, ticketId, Labels.TASK, taskId, Labels.EXPIRES,
                    Long.toString(expires.getEpochSecond()), Labels.OWNER, Owner.current().label(),
                    Labels.WORKSPACE, workspace.toString(), Labels.ORIGIN, origin), workspace);
            docker.client().startContainerCmd(id).exec();
            return new DockerSandbox(this, id, slot, ticketId, taskId, expires, pauseIdle(id));
        } catch (IOException | RuntimeException e) {
            destroy(id, slot);
            throw new SandboxException("cannot create a sandbox from " + options.image() + ": " + e.getMessage(), e);
        }
    }

    /** Pauses a new container so it costs no CPU while it waits; only a nicety, it runs nothing untrusted yet. */
    private boolean pauseIdle(String id) {
        try {
            docker.client().pauseContainerCmd(id).exec();
            return true;
        } catch (RuntimeException e) {
            LOG.info("new sandbox {} left running idle (cannot pause: {})", id, e.getMessage());
            return false;
        }
    }

    /** The container name for a task: {@code baton-sbx-<ticket>-<task>-<random>} ({@code pool} when unassigned). */
    static String name(String ticketId, String taskId) {
        String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String who = ticketId.isEmpty() ? "pool" : clean(ticketId) + "-" + clean(taskId);
        return "baton-sbx-" + who + "-" + random;
    }

    private static String clean(String id) {
        String s = id.replaceAll("[^A-Za-z0-9_.-]", "_");
        return s.length() > 40 ? s.substring(0, 40) : s;
    }

    /** Removes the container (if any) and deletes its workspace slot. Never throws. */
    void destroy(String id, Path slot) {
        if (id != null) {
            try {
                docker.client().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException gone) {
                // already removed, e.g. by the reaper
            } catch (RuntimeException e) {
                LOG.warn("cannot remove sandbox container {} (the reaper will retry): {}", id, e.getMessage());
            }
        }
        try {
            WorkspaceGuard.delete(slot);
        } catch (IOException e) {
            LOG.warn("cannot delete sandbox workspace {}: {}", slot, e.getMessage());
        }
    }

    SandboxOptions options() {
        return options;
    }

    DockerConnection docker() {
        return docker;
    }

    WorkspaceGuard guard() {
        return guard;
    }
}
