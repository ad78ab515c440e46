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
        PROXY("vault-proxy", "dev.baton.proxy.VaultProxyMain"),
        COORDINATOR("coordinator", "dev.baton.coordinator.CoordinatorMain"),
        PM("agent-pm", "dev.baton.pm.PmMain"),
        ENGINEER("agent-engineer", "dev.baton.engineer.EngineerMain"),
        REVIEWER("agent-reviewer", "dev.baton.reviewer.ReviewerMain");

        final String id;
        final String main;

        Kind(String id, String main) {
            this.id = id;
            this.main = main;
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
