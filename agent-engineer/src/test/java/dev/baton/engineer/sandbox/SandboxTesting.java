package dev.baton.engineer.sandbox;

import java.nio.file.Path;
import java.time.Duration;

/** Shared set-up of the sandbox integration tests: a real Docker engine and the one sandbox image. */
final class SandboxTesting {
    static final String IMAGE = "baton/sandbox:dev";
    static final long MIB = 1024 * 1024;

    private SandboxTesting() {}

    /**
     * Connects to {@code DOCKER_HOST} (default {@code unix:///var/run/docker.sock}) and checks the image. Fails the
     * test, never skips it, when either is missing.
     */
    static DockerConnection docker() {
        try {
            DockerConnection docker = DockerConnection.connect(SandboxOptions.defaultDockerHost());
            docker.requireImage(IMAGE);
            return docker;
        } catch (SandboxException e) {
            throw new AssertionError("these integration tests need a running Docker engine and the image " + IMAGE
                    + " (bash docker/build-images.sh): " + e.getMessage(), e);
        }
    }

    /** Small limits so the tests hit them fast; no pool unless a test asks for one. */
    static SandboxOptions.Builder options(Path workRoot) {
        return SandboxOptions.builder()
                .image(IMAGE)
                .workRoot(workRoot)
                .memoryBytes(256 * MIB)
                .pidsLimit(128)
                .nanoCpus(1_000_000_000L)
                .workspaceQuotaBytes(64 * MIB)
                .tmpfsBytes(16 * MIB)
                .workspaceMaxFiles(20_000)
                .defaultTimeout(Duration.ofSeconds(20))
                .maxTimeout(Duration.ofSeconds(60))
                .ttl(Duration.ofMinutes(10))
                .poolSize(0);
    }
}
