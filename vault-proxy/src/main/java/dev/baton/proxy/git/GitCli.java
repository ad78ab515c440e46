package dev.baton.proxy.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code git} CLI for the relay: no system or global config, hooks off, no prompts, a timeout.
 * A credential is passed as an {@code http.extraHeader} through {@code GIT_CONFIG_*} environment variables
 * of the child only, never on a command line. Blocking: call from a worker thread. Thread-safe.
 */
final class GitCli {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    /** A finished command; output as UTF-8. */
    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private GitCli() {}

    static Result run(Path dir, String authorization, byte[] stdin, String... args) {
        return run(dir, authorization, Map.of(), stdin, args);
    }

    static Result run(Path dir, String authorization, Map<String, String> extraEnv, byte[] stdin, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-c", "core.hooksPath=/dev/null",
                "-c", "safe.directory=*", "-c", "init.defaultBranch=main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("BATON_") || name.startsWith("GIT_"));
        env.putAll(Map.of("GIT_CONFIG_NOSYSTEM", "1", "GIT_CONFIG_GLOBAL", "/dev/null", "GIT_TERMINAL_PROMPT", "0"));
        env.putAll(extraEnv);
        if (authorization != null) {
            env.putAll(Map.of("GIT_CONFIG_COUNT", "1", "GIT_CONFIG_KEY_0", "http.extraHeader",
                    "GIT_CONFIG_VALUE_0", "Authorization: " + authorization));
        }
        try {
            Process process = builder.start();
            CompletableFuture<byte[]> out = drain(process.getInputStream());
            CompletableFuture<byte[]> err = drain(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "", "git " + args[0] + " timed out after " + TIMEOUT);
            }
            return new Result(process.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, "", "cannot run git: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", "interrupted");
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        }, task -> Thread.ofVirtual().name("git-output").start(task));
    }
}
