package dev.baton.engineer.sandbox.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The engineer process that owns a sandbox: host name, pid and process start time (so a reused pid is not
 * mistaken for the owner). Only owners on the same host can be checked for liveness.
 */
public record Owner(String host, long pid, long startMillis) {
    private static final long START_TOLERANCE_MS = 2000;

    public static Owner current() {
        return of(ProcessHandle.current());
    }

    public static Owner of(ProcessHandle process) {
        return new Owner(localHost(), process.pid(), startMillis(process));
    }

    public static Optional<Owner> parse(String label) {
        String[] parts = label == null ? new String[0] : label.split("/");
        try {
            return parts.length == 3 ? Optional.of(new Owner(parts[0], Long.parseLong(parts[1]),
                    Long.parseLong(parts[2]))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public String label() {
        return host + "/" + pid + "/" + startMillis;
    }

    /** True when this owner ran on this host and its process has exited (or its pid now names another process). */
    public boolean isGoneLocally() {
        if (!host.equals(localHost())) {
            return false;
        }
        return ProcessHandle.of(pid).map(p -> Math.abs(startMillis(p) - startMillis) > START_TOLERANCE_MS)
                .orElse(true);
    }

    private static long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    static String localHost() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "unknown" : env;
        }
    }
}
