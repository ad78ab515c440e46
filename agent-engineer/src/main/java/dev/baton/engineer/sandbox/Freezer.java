package dev.baton.engineer.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one sandbox either running (a command may run) or quiescent (host code may touch the workspace).
 * Quiescent normally means paused by the cgroup freezer; when the engine cannot freeze (runc gives up under
 * heavy load), it means restarted, so that no process of a command is left, only the container's own idle
 * process. Not thread-safe: the sandbox's lock guards it.
 */
final class Freezer {
    private static final Logger LOG = LoggerFactory.getLogger(Freezer.class);
    private static final int ATTEMPTS = 3;

    private final DockerClient client;
    private final String id;
    private final Runnable restart;
    private boolean paused;
    private boolean untouched;

    /** @param paused whether the container is paused now; a new container has run no command yet */
    Freezer(DockerClient client, String id, Runnable restart, boolean paused) {
        this.client = client;
        this.id = id;
        this.restart = restart;
        this.paused = paused;
        this.untouched = true;
    }

    /** Makes sure no command's process can run until {@link #thaw()}. */
    void freeze() {
        if (paused || untouched) {
            return;
        }
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                client.pauseContainerCmd(id).exec();
                paused = true;
                return;
            } catch (DockerException e) {
                LOG.warn("cannot freeze sandbox {} (attempt {} of {}): {}", id, attempt, ATTEMPTS, e.getMessage());
                pauseBriefly(attempt);
            }
        }
        restart.run(); // kills every process of every command: as safe as frozen
        untouched = true;
    }

    /** Lets a command run; from here on the container counts as touched. */
    void thaw() {
        untouched = false;
        for (int attempt = 1; paused; attempt++) {
            try {
                client.unpauseContainerCmd(id).exec();
                paused = false;
            } catch (DockerException e) {
                if (attempt >= ATTEMPTS) {
                    throw new SandboxException("cannot unfreeze sandbox " + id + ": " + e.getMessage(), e);
                }
                pauseBriefly(attempt);
            }
        }
    }

    private static void pauseBriefly(int attempt) {
        try {
            Thread.sleep(50L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
