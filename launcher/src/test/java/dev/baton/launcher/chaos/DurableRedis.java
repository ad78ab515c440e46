package dev.baton.launcher.chaos;

import dev.baton.testkit.internal.ChildProcesses;
import dev.baton.testkit.internal.RedisProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A {@code redis-server} on a loopback port with an append-only file fsynced on every write
 * ({@code appendfsync always}), as Baton's blackboard must run in production. {@link #crash()} is a SIGKILL and a
 * start on the same port and data: nothing Redis acknowledged is lost. (The testkit's {@code RedisServer} runs
 * without persistence, so its {@code restart()} wipes every key: a different failure, total data loss.)
 */
final class DurableRedis implements AutoCloseable {
    private final Path dir;
    private final int port;
    private Process process;

    private DurableRedis(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static DurableRedis start(Path dir) throws Exception {
        var redis = new DurableRedis(Files.createDirectories(dir), ChaosPlatform.freePort());
        redis.launch();
        return redis;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** SIGKILL, then start again on the same port from the append-only file; returns once it answers PING. */
    void crash() throws Exception {
        ChildProcesses.kill(process);
        launch();
    }

    private void launch() throws InterruptedException {
        process = ChildProcesses.start(List.of(RedisProcess.binary().toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--appendfsync", "always",
                "--dir", dir.toString(), "--daemonize", "no", "--logfile", ""), dir, dir.resolve("redis.log"));
        Instant deadline = Instant.now().plusSeconds(30);
        while (!RedisProcess.ping(port)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("redis-server did not start; see " + dir.resolve("redis.log"));
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(10));
    }
}
