package dev.baton.engineer.sandbox;

import dev.baton.protocol.config.ConfigSource;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How sandboxes are created and limited. Immutable and thread-safe; invalid values fail the constructor with
 * an {@link IllegalArgumentException} naming the option. Build with {@link #builder()} or read from configuration
 * with {@link #load}. Every limit applies per sandbox (one container per task).
 *
 * @param image               the sandbox image ({@code docker/build-images.sh} builds {@code baton/sandbox:dev})
 * @param dockerHost          {@code unix:///path} (served by a JDK Unix-socket transport) or {@code tcp://host:port}
 * @param memoryBytes         memory limit; swap is set to the same value, so there is no swap
 * @param nanoCpus            CPU quota in billionths of a CPU
 * @param pidsLimit           processes and threads, all commands together
 * @param tmpfsBytes          size of the {@code noexec,nosuid,nodev} tmpfs at {@code /tmp}
 * @param sandboxUid          uid and gid that commands run as; owns the workspace files, never {@code .git}
 * @param keeperUid           uid of the container's init and idle process, so commands cannot kill it
 * @param ttl                 lifetime of an acquired sandbox; the reaper destroys it after that
 * @param defaultTimeout      command timeout when none is given
 * @param maxTimeout          largest timeout a caller may ask for
 * @param outputCapBytes      output kept per command (a third head, two thirds tail)
 * @param workspaceQuotaBytes bytes the workspace may hold (checked while a command runs; also the file size limit)
 * @param workspaceMaxFiles   directory entries the workspace may hold
 * @param poolSize            warm sandboxes kept ready; 0 disables the pool
 * @param poolMaxIdle         a warm sandbox older than this is replaced instead of handed out
 * @param reapInterval        how often the reaper looks for expired and orphaned sandboxes
 * @param workRoot            host directory holding the workspaces (must be on the Docker host)
 */
public record SandboxOptions(
        String image, String dockerHost, long memoryBytes, long nanoCpus, long pidsLimit, long tmpfsBytes,
        int sandboxUid, int keeperUid, Duration ttl, Duration defaultTimeout, Duration maxTimeout, int outputCapBytes,
        long workspaceQuotaBytes, int workspaceMaxFiles, int poolSize, Duration poolMaxIdle, Duration reapInterval,
        Path workRoot) {
    private static final long MIB = 1024 * 1024;

    public SandboxOptions {
        positive(memoryBytes, "memoryBytes");
        positive(nanoCpus, "nanoCpus");
        positive(pidsLimit, "pidsLimit");
        positive(tmpfsBytes, "tmpfsBytes");
        positive(outputCapBytes, "outputCapBytes");
        positive(workspaceQuotaBytes, "workspaceQuotaBytes");
        positive(workspaceMaxFiles, "workspaceMaxFiles");
        if (sandboxUid <= 0 || keeperUid <= 0 || sandboxUid == keeperUid) {
            throw new IllegalArgumentException("sandboxUid and keeperUid must be distinct non-root uids");
        }
        if (poolSize < 0 || maxTimeout.compareTo(defaultTimeout) < 0 || ttl.compareTo(maxTimeout) < 0) {
            throw new IllegalArgumentException("need poolSize >= 0 and defaultTimeout <= maxTimeout <= ttl");
        }
        workRoot = workRoot.toAbsolutePath().normalize();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The {@code DOCKER_HOST} environment variable, else {@code unix:///var/run/docker.sock}. */
    public static String defaultDockerHost() {
        String env = System.getenv("DOCKER_HOST");
        return env == null || env.isBlank() ? "unix:///var/run/docker.sock" : env;
    }

    /** Reads {@code sandbox.*} keys (env {@code BATON_SANDBOX_*}); unset keys keep the builder's defaults. */
    public static SandboxOptions load(ConfigSource source) {
        Builder d = builder();
        return d.image(source.string("sandbox.image", d.image))
                .dockerHost(source.string("sandbox.docker-host", d.dockerHost))
                .memoryBytes(source.integer("sandbox.memory-mb", (int) (d.memoryBytes / MIB), 16, 1 << 20) * MIB)
                .nanoCpus(source.integer("sandbox.cpu-millis", (int) (d.nanoCpus / 1_000_000), 10, 1 << 20) * 1_000_000L)
                .pidsLimit(source.integer("sandbox.pids", (int) d.pidsLimit, 16, 1 << 20))
                .tmpfsBytes(source.integer("sandbox.tmp-mb", (int) (d.tmpfsBytes / MIB), 1, 1 << 20) * MIB)
                .ttl(source.duration("sandbox.ttl", d.ttl))
                .defaultTimeout(source.duration("sandbox.command-timeout", d.defaultTimeout))
                .maxTimeout(source.duration("sandbox.max-command-timeout", d.maxTimeout))
                .outputCapBytes(source.integer("sandbox.output-kb", d.outputCapBytes / 1024, 1, 60) * 1024)
                .workspaceQuotaBytes(source.integer("sandbox.workspace-mb", (int) (d.workspaceQuotaBytes / MIB), 1,
                        1 << 20) * MIB)
                .workspaceMaxFiles(source.integer("sandbox.workspace-files", d.workspaceMaxFiles, 100, 10_000_000))
                .poolSize(source.integer("sandbox.pool-size", d.poolSize, 0, 64))
                .poolMaxIdle(source.duration("sandbox.pool-max-idle", d.poolMaxIdle))
                .reapInterval(source.duration("sandbox.reap-interval", d.reapInterval))
                .workRoot(Path.of(source.string("sandbox.work-root", d.workRoot.toString())))
                .build();
    }

    private static void positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException("sandbox option " + name + " must be positive, got " + value);
        }
    }

    /** Defaults: 1 GiB, 1 CPU, 256 pids, 64 MiB /tmp, uid 10001, 30 min TTL, 2 min commands, pool of 1. */
    public static final class Builder {
        private String image = "baton/sandbox:dev";
        private String dockerHost = defaultDockerHost();
        private long memoryBytes = 1024 * MIB;
        private long nanoCpus = 1_000_000_000L;
        private long pidsLimit = 256;
        private long tmpfsBytes = 64 * MIB;
        private int sandboxUid = 10001;
        private int keeperUid = 10002;
        private Duration ttl = Duration.ofMinutes(30);
        private Duration defaultTimeout = Duration.ofMinutes(2);
        private Duration maxTimeout = Duration.ofMinutes(15);
        private int outputCapBytes = 48 * 1024;
        private long workspaceQuotaBytes = 1024 * MIB;
        private int workspaceMaxFiles = 100_000;
        private int poolSize = 1;
        private Duration poolMaxIdle = Duration.ofMinutes(10);
        private Duration reapInterval = Duration.ofMinutes(1);
        private Path workRoot = Path.of(System.getProperty("java.io.tmpdir"), "baton-sandboxes");

        public Builder image(String v) { image = v; return this; }
        public Builder dockerHost(String v) { dockerHost = v; return this; }
        public Builder memoryBytes(long v) { memoryBytes = v; return this; }
        public Builder nanoCpus(long v) { nanoCpus = v; return this; }
        public Builder pidsLimit(long v) { pidsLimit = v; return this; }
        public Builder tmpfsBytes(long v) { tmpfsBytes = v; return this; }
        public Builder sandboxUid(int v) { sandboxUid = v; return this; }
        public Builder keeperUid(int v) { keeperUid = v; return this; }
        public Builder ttl(Duration v) { ttl = v; return this; }
        public Builder defaultTimeout(Duration v) { defaultTimeout = v; return this; }
        public Builder maxTimeout(Duration v) { maxTimeout = v; return this; }
        public Builder outputCapBytes(int v) { outputCapBytes = v; return this; }
        public Builder workspaceQuotaBytes(long v) { workspaceQuotaBytes = v; return this; }
        public Builder workspaceMaxFiles(int v) { workspaceMaxFiles = v; return this; }
        public Builder poolSize(int v) { poolSize = v; return this; }
        public Builder poolMaxIdle(Duration v) { poolMaxIdle = v; return this; }
        public Builder reapInterval(Duration v) { reapInterval = v; return this; }
        public Builder workRoot(Path v) { workRoot = v; return this; }

        public SandboxOptions build() {
            return new SandboxOptions(image, dockerHost, memoryBytes, nanoCpus, pidsLimit, tmpfsBytes, sandboxUid,
                    keeperUid, ttl, defaultTimeout, maxTimeout, outputCapBytes, workspaceQuotaBytes, workspaceMaxFiles,
                    poolSize, poolMaxIdle, reapInterval, workRoot);
        }
    }
}
