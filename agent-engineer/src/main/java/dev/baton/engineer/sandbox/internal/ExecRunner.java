package dev.baton.engineer.sandbox.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs one {@code docker exec} and reads its multiplexed output on the calling (virtual) thread. A watchdog
 * virtual thread checks the host-side deadline and a limit probe while the command runs; when either trips it
 * calls the killer (which must end the exec, e.g. by restarting the container) and the reason is returned.
 */
public final class ExecRunner {
    /** The kill reason when the host-side deadline passed. */
    public static final String TIMEOUT = "ran past its timeout";
    private static final int HEADER = 8;
    private final DockerClient client;
    private final DockerHttpClient http;

    public ExecRunner(DockerClient client, DockerHttpClient http) {
        this.client = client;
        this.http = http;
    }

    /** What came back: exit code (137 if the watchdog killed it), duration, output, and the kill reason or null. */
    public record Raw(int exitCode, long durationMs, OutputBuffer output, String killedBecause) {}

    /**
     * @param deadline  host-side limit after which the killer runs (the in-container timeout should fire first)
     * @param probe     returns a reason to kill the command now, or null; called about every {@code probeEvery}
     */
    public Raw run(String container, List<String> command, List<String> env, String user, Duration deadline,
            Duration probeEvery, Supplier<String> probe, Runnable killer, int outputCap) {
        String execId = create(container, command, env, user);
        var output = new OutputBuffer(outputCap);
        var reason = new AtomicReference<String>();
        var killing = new AtomicReference<Thread>();
        long start = System.nanoTime();
        Thread watchdog = Thread.ofVirtual().name("sandbox-watchdog-" + execId.substring(0, 12)).start(() -> {
            try {
                long end = start + deadline.toNanos();
                while (reason.get() == null) {
                    Thread.sleep(Math.max(1, Math.min(probeEvery.toMillis(), (end - System.nanoTime()) / 1_000_000)));
                    String why = System.nanoTime() >= end ? TIMEOUT : probe.get();
                    if (why != null && reason.compareAndSet(null, why)) {
                        killing.set(Thread.ofVirtual().name("sandbox-kill").start(killer)); // never interrupted
                    }
                }
            } catch (InterruptedException e) {
                // the command ended first
            }
        });
        try (var response = http.execute(DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.POST)
                .path("/exec/" + execId + "/start").putHeader("Content-Type", "application/json")
                .bodyBytes("{\"Detach\":false,\"Tty\":false}".getBytes(StandardCharsets.UTF_8)).build())) {
            if (response.getStatusCode() != 200) {
                throw new IOException("exec start answered " + response.getStatusCode() + ": "
                        + new String(response.getBody().readNBytes(2000), StandardCharsets.UTF_8));
            }
            demultiplex(response.getBody(), output);
        } catch (IOException | RuntimeException e) {
            if (reason.get() == null) {
                stop(watchdog, killing);
                throw new IllegalStateException("exec in " + container + " failed: " + e.getMessage(), e);
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        stop(watchdog, killing);
        Long code = reason.get() == null ? client.inspectExecCmd(execId).exec().getExitCodeLong() : null;
        return new Raw(code == null ? 137 : code.intValue(), millis, output, reason.get());
    }

    /**
     * Creates the exec. Right after an unpause the engine may still report the container paused for a moment
     * (its pause event can arrive after the unpause call returned), so that one conflict is retried briefly.
     */
    private String create(String container, List<String> command, List<String> env, String user) {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.execCreateCmd(container).withCmd(command.toArray(String[]::new)).withAttachStdout(true)
                        .withAttachStderr(true).withUser(user).withWorkingDir("/workspace").withEnv(env).exec().getId();
            } catch (ConflictException e) {
                if (attempt >= 100 || e.getMessage() == null || !e.getMessage().contains("is paused")) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Stops the watchdog and waits for a kill it started, so the container is usable again when we return. */
    private static void stop(Thread watchdog, AtomicReference<Thread> killing) {
        watchdog.interrupt();
        try {
            watchdog.join();
            Thread kill = killing.get();
            if (kill != null) {
                kill.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void demultiplex(InputStream body, OutputBuffer output) throws IOException {
        var in = new DataInputStream(body);
        byte[] header = new byte[HEADER];
        byte[] chunk = new byte[8192];
        while (true) {
            try {
                in.readFully(header);
            } catch (EOFException end) {
                return;
            }
            long size = ((header[4] & 0xffL) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8)
                    | (header[7] & 0xff);
            while (size > 0) {
                int n = in.read(chunk, 0, (int) Math.min(chunk.length, size));
                if (n < 0) {
                    return;
                }
                output.write(chunk, 0, n);
                size -= n;
            }
        }
    }
}
