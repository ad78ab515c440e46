package dev.baton.launcher.chaos;

import dev.baton.launcher.up.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Baton service the chaos harness can SIGKILL and start again with the same main class and environment.
 * Each incarnation logs to its own file ({@code coordinator-3.log}), so a killed one's log survives. Not
 * thread-safe: one monkey drives it.
 */
final class ChaosService implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The service kinds; every one of them must be killed at least once in a chaos run. */
    enum Kind {
        PROXY("vault-proxy", "dev.baton.proxy.VaultProxyMain", "vault proxy stopped"),
        COORDINATOR("coordinator", "dev.baton.coordinator.CoordinatorMain", "coordinator stopped:"),
        PM("agent-pm", "dev.baton.pm.PmMain", "pm agent stopped"),
        ENGINEER("agent-engineer", "dev.baton.engineer.EngineerMain", "engineer agent stopped"),
        REVIEWER("agent-reviewer", "dev.baton.reviewer.ReviewerMain", "reviewer agent stopped");

        final String id;
        final String main;
        /** What the service logs when its shutdown hook completed. */
        final String stopLine;

        Kind(String id, String main, String stopLine) {
            this.id = id;
            this.main = main;
            this.stopLine = stopLine;
        }
    }

    private final Kind kind;
    private final Map<String, String> env;
    private final Path logs;
    private final String healthUrl;
    private ServiceProcess process;
    private int incarnation;

    /** @param healthUrl polled until it answers 200 after each start, or null (agents: wait for their log line) */
    ChaosService(Kind kind, Map<String, String> env, Path logs, String healthUrl) {
        this.kind = kind;
        this.env = Map.copyOf(env);
        this.logs = logs;
        this.healthUrl = healthUrl;
    }

    Kind kind() {
        return kind;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return process.log();
    }

    /** Starts a new incarnation and waits until it is ready (healthy, or an agent consuming). */
    void start(Duration timeout) throws IOException, InterruptedException {
        incarnation++;
        process = ServiceProcess.start(kind.id + "-" + incarnation, kind.main, env, logs);
        awaitReady(timeout);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. Waits until the process is gone. */
    void kill() throws Exception {
        ProcessHandle handle = ProcessHandle.of(process.pid()).orElse(null);
        if (handle != null) {
            handle.destroyForcibly();
            handle.onExit().get(20, TimeUnit.SECONDS);
        }
    }

    /** What a SIGTERM did: how the process exited, how long it took, whether it logged its clean stop. */
    record Stop(int exitCode, long millis, boolean loggedCleanStop) {}

    /**
     * SIGTERM: the service's shutdown hook runs (agents finish or hand back the stage in flight, the coordinator
     * commits what it processed). Waits up to {@code timeout} for the process to exit, then SIGKILLs it.
     */
    Stop terminate(Duration timeout) throws Exception {
        long start = System.nanoTime();
        ProcessHandle handle = ProcessHandle.of(process.pid()).orElseThrow();
        handle.destroy();
        int code;
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            code = process.exitValue();
        } catch (java.util.concurrent.TimeoutException e) {
            kill();
            code = -1;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Stop(code, millis, Files.readString(process.log()).contains(kind.stopLine));
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(kind.id + " exited during startup; see " + process.log());
            }
            if (healthUrl != null ? healthy() : Files.readString(process.log()).contains("agent consuming")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(kind.id + " not ready within " + timeout + "; see " + process.log());
    }

    private boolean healthy() throws InterruptedException {
        try {
            var request = HttpRequest.newBuilder(URI.create(healthUrl)).timeout(Duration.ofSeconds(2)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
