package dev.baton.engineer.sandbox;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.baton.engineer.sandbox.internal.Labels;
import dev.baton.engineer.sandbox.internal.Owner;
import dev.baton.engineer.sandbox.internal.WorkspaceGuard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Destroys sandboxes nobody will clean up: those past their {@code dev.baton.expires} label, and those whose
 * owner process (same host) has exited, e.g. an engineer killed mid-task. Also deletes workspace directories
 * under the work root that no container references any more. Runs once at {@link #start()} and then every
 * {@link SandboxOptions#reapInterval()} on a virtual thread. Thread-safe; errors are logged, never thrown
 * from the periodic loop.
 */
public final class SandboxReaper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxReaper.class);
    private static final Duration ORPHAN_DIR_AGE = Duration.ofMinutes(5);

    private final DockerConnection docker;
    private final SandboxOptions options;
    private volatile Thread loop;

    public SandboxReaper(DockerConnection docker, SandboxOptions options) {
        this.docker = docker;
        this.options = options;
    }

    /** Reaps now, then periodically until {@link #close()}. */
    public SandboxReaper start() {
        reapQuietly();
        loop = Thread.ofVirtual().name("sandbox-reaper").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(options.reapInterval());
                    reapQuietly();
                }
            } catch (InterruptedException e) {
                // closed
            }
        });
        return this;
    }

    /**
     * One pass. @return the ids of the containers it removed
     * @throws SandboxException when the engine cannot list containers
     */
    public List<String> reapOnce() {
        List<Container> sandboxes;
        try {
            sandboxes = docker.client().listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(Labels.SANDBOX, "true")).exec();
        } catch (RuntimeException e) {
            throw new SandboxException("cannot list sandboxes on " + docker.host() + ": " + e.getMessage(), e);
        }
        var removed = new ArrayList<String>();
        Set<Path> referenced = new HashSet<>();
        long now = Instant.now().getEpochSecond();
        for (Container c : sandboxes) {
            Map<String, String> labels = c.getLabels();
            String why = why(labels, now);
            Path workspace = Path.of(labels.getOrDefault(Labels.WORKSPACE, "/nonexistent")).normalize();
            if (why == null) {
                referenced.add(workspace.getParent());
                continue;
            }
            try {
                docker.client().removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                removed.add(c.getId());
                LOG.info("reaped sandbox {} ({}): {}", c.getNames()[0], c.getId(), why);
            } catch (NotFoundException gone) {
                continue;
            }
            deleteSlot(workspace.getParent());
        }
        deleteUnreferencedSlots(referenced);
        return removed;
    }

    private static String why(Map<String, String> labels, long now) {
        try {
            long expires = Long.parseLong(labels.getOrDefault(Labels.EXPIRES, "0"));
            if (expires < now) {
                return "its TTL ended " + (now - expires) + " s ago";
            }
        } catch (NumberFormatException e) {
            return "its expiry label is invalid";
        }
        return Owner.parse(labels.get(Labels.OWNER)).filter(Owner::isGoneLocally)
                .map(o -> "its owner process " + o.pid() + " has exited").orElse(null);
    }

    private void deleteSlot(Path slot) {
        if (slot == null || !slot.startsWith(options.workRoot()) || slot.equals(options.workRoot())) {
            return; // never delete outside our own work root, whatever a label says
        }
        try {
            WorkspaceGuard.delete(slot);
        } catch (IOException e) {
            LOG.warn("cannot delete reaped workspace {}: {}", slot, e.getMessage());
        }
    }

    private void deleteUnreferencedSlots(Set<Path> referenced) {
        if (!Files.isDirectory(options.workRoot())) {
            return;
        }
        Instant old = Instant.now().minus(ORPHAN_DIR_AGE);
        try (Stream<Path> slots = Files.list(options.workRoot())) {
            slots.filter(p -> p.getFileName().toString().startsWith("baton-sbx-") && !referenced.contains(p))
                    .filter(p -> modifiedBefore(p, old)).forEach(this::deleteSlot);
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", options.workRoot(), e.getMessage());
        }
    }

    private static boolean modifiedBefore(Path p, Instant when) {
        try {
            return Files.getLastModifiedTime(p).toInstant().isBefore(when);
        } catch (IOException e) {
            return false;
        }
    }

    private void reapQuietly() {
        try {
            reapOnce();
        } catch (RuntimeException e) {
            LOG.warn("sandbox reaper pass failed (will retry in {}): {}", options.reapInterval(), e.getMessage());
        }
    }

    @Override
    public void close() {
        Thread t = loop;
        if (t != null) {
            t.interrupt();
        }
    }
}
