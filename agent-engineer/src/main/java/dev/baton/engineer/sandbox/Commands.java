package dev.baton.engineer.sandbox;

import dev.baton.engineer.sandbox.internal.ExecRunner;
import dev.baton.engineer.sandbox.internal.WorkspaceGuard;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Runs commands for one {@link DockerSandbox}: wraps them in {@code timeout} and a kill-everything-after step,
 * watches the workspace quota (while the command runs, and once more after it ends), detects memory-limit kills, and turns what happened into an {@link ExecResult}
 * with {@code [baton]} notes. Not thread-safe: the sandbox's lock serialises calls.
 */
final class Commands {
    // Runs the command in its own process group under timeout, then kills every process of the sandbox user
    // (kill -1 spares PID 1 and the keeper, which run as another uid), so nothing outlives the command. The
    // memory cgroup's OOM-kill counter before and after tells whether the memory limit killed anything.
    // stderr joins stdout at the source, so the output keeps the order the command wrote it in.
    private static final String WRAPPER = """
            exec 2>&1; t=$1; m=$2; shift 2
            oom() { o=; for f in /sys/fs/cgroup/memory/memory.oom_control /sys/fs/cgroup/memory.events; do
              [ -r $f ] && while read -r k v; do [ "$k" = oom_kill ] && o=$v; done < $f; done; }
            oom; b=$o
            timeout -s KILL "$t" "$@"; rc=$?
            kill -9 -1 2>/dev/null
            oom; [ "$o" = "$b" ] || echo "$m"
            exit $rc""";
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final Duration PROBE_EVERY = Duration.ofMillis(100);
    private static final long MIB = 1024 * 1024;
    private static final String FILLED = "filled the workspace";

    private final SandboxOptions options;
    private final ExecRunner runner;
    private final String container;
    private final Path workspace;
    private final Runnable restart;
    private final WorkspaceGuard guard;
    private long nextProbeNanos;
    private WorkspaceGuard.Usage allowed;
    private boolean overQuota;

    Commands(SandboxOptions options, ExecRunner runner, String container, Path workspace, Runnable restart,
            WorkspaceGuard guard) {
        this.options = options;
        this.runner = runner;
        this.container = container;
        this.workspace = workspace;
        this.restart = restart;
        this.guard = guard;
    }

    ExecResult run(List<String> command, Duration requested) {
        Duration timeout = requested.compareTo(options.maxTimeout()) > 0 ? options.maxTimeout() : requested;
        String oomMark = "baton-oom-" + UUID.randomUUID();
        var argv = new ArrayList<>(List.of("/bin/sh", "-c", WRAPPER, "baton-exec",
                String.format(Locale.ROOT, "%.3f", timeout.toMillis() / 1000.0), oomMark));
        argv.addAll(command);
        nextProbeNanos = 0;
        allowed = allowance();
        ExecRunner.Raw raw = runner.run(container, argv, environment(), user(), timeout.plus(GRACE), PROBE_EVERY,
                this::overQuota, restart, options.outputCapBytes());
        String output = raw.output().text();
        boolean oom = output.contains(oomMark + "\n");
        output = output.replace(oomMark + "\n", "");
        boolean timedOut = raw.killedBecause() == null ? raw.durationMs() >= timeout.toMillis()
                : raw.killedBecause().equals(ExecRunner.TIMEOUT);
        boolean killedOverQuota = raw.killedBecause() != null && raw.killedBecause().startsWith(FILLED);
        overQuota = killedOverQuota || overQuotaNow();
        String notes = notes(raw, timeout, timedOut, oom, overQuota && !killedOverQuota);
        if (!notes.isEmpty()) {
            output = output + (output.isEmpty() || output.endsWith("\n") ? "" : "\n") + notes;
        }
        return new ExecResult(command, raw.exitCode(), raw.durationMs(), output, timedOut, raw.output().truncated());
    }

    /** The {@code [baton]} lines saying what Baton stopped or found, one per line; empty when nothing. */
    private String notes(ExecRunner.Raw raw, Duration timeout, boolean timedOut, boolean oom, boolean leftOverQuota) {
        var notes = new StringBuilder();
        if (timedOut) {
            notes.append("[baton] killed: ran past its timeout of ").append(timeout.toMillis()).append(" ms\n");
        } else if (raw.killedBecause() != null) {
            notes.append("[baton] killed: ").append(raw.killedBecause()).append("; the sandbox was restarted")
                    .append(overQuota ? "; delete files to get back under the quota\n" : "\n");
        }
        if (oom) {
            notes.append("[baton] the memory limit (").append(options.memoryBytes() / MIB)
                    .append(" MiB) killed a process of this command: it used more memory than the sandbox allows\n");
        }
        if (raw.exitCode() == 153) {
            notes.append("[baton] killed: a file reached the size limit (").append(options.workspaceQuotaBytes() / MIB)
                    .append(" MiB)\n");
        }
        if (leftOverQuota) {
            notes.append("[baton] the workspace is past its quota (").append(limits()).append(") after this command: "
                    + "delete files to get back under it; until then no command may grow the workspace\n");
        }
        return notes.toString().strip();
    }

    private List<String> environment() {
        return List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/tmp", "TMPDIR=/tmp",
                "LANG=C.UTF-8", "JAVA_HOME=/usr/lib/jvm/default-java", "PYTHONDONTWRITEBYTECODE=1",
                "PYTEST_ADDOPTS=-p no:cacheprovider", "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_COUNT=2",
                "GIT_CONFIG_KEY_0=safe.directory", "GIT_CONFIG_VALUE_0=/workspace",
                "GIT_CONFIG_KEY_1=core.hooksPath", "GIT_CONFIG_VALUE_1=/dev/null");
    }

    private String user() {
        return options.sandboxUid() + ":" + options.sandboxUid();
    }

    /** Checks the workspace size now and then; the walk's own cost sets how often (at most ~10% of the time). */
    private String overQuota() {
        long now = System.nanoTime();
        if (now < nextProbeNanos) {
            return null;
        }
        try {
            var usage = guard.usage(workspace, allowed.bytes(), (int) allowed.entries());
            nextProbeNanos = System.nanoTime() + Math.max(100_000_000L, 10 * (System.nanoTime() - now));
            return usage.exceeded() ? FILLED + " past its quota (" + limits() + ")" : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The check after every command: the periodic one may not have run yet (a command that writes fast and ends
     * within the first probe interval), and a command's last writes land after the last probe.
     */
    private boolean overQuotaNow() {
        try {
            return guard.usage(workspace, options.workspaceQuotaBytes(), options.workspaceMaxFiles()).exceeded();
        } catch (IOException e) {
            return false;
        }
    }

    private String limits() {
        return options.workspaceQuotaBytes() / MIB + " MiB, " + options.workspaceMaxFiles() + " entries";
    }

    /**
     * The quota, or, after a command was killed for exceeding it, what the workspace holds now: a command may
     * then shrink the workspace (delete files) but not grow it.
     */
    private WorkspaceGuard.Usage allowance() {
        var quota = new WorkspaceGuard.Usage(options.workspaceQuotaBytes(), options.workspaceMaxFiles(), false);
        if (!overQuota) {
            return quota;
        }
        try {
            var now = guard.usage(workspace, Long.MAX_VALUE, Integer.MAX_VALUE);
            return new WorkspaceGuard.Usage(Math.max(quota.bytes(), now.bytes()),
                    Math.min(Integer.MAX_VALUE, Math.max(quota.entries(), now.entries())), false);
        } catch (IOException e) {
            return quota;
        }
    }

}
