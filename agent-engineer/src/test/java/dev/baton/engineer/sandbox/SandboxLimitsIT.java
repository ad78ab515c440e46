package dev.baton.engineer.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("a sandbox's resource limits hold against hostile commands (real Docker)")
class SandboxLimitsIT {
    @TempDir
    static Path workRoot;
    static SandboxFixture fx;

    @BeforeAll
    static void start() {
        fx = new SandboxFixture(workRoot, "T-limits");
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    @DisplayName("a fork bomb is stopped by the pids limit; sandbox, engine and host stay healthy")
    void shouldStopForkBombWhenProcessesMultiply() throws Exception {
        ExecResult bomb = fx.sh(":(){ :|:& };: ; sleep 30", Duration.ofSeconds(3));
        ExecResult counted = fx.sh("""
                python3 -c '
                import os, time
                n = 0
                try:
                    while True:
                        if os.fork() == 0:
                            time.sleep(30); os._exit(0)
                        n += 1
                except OSError as e:
                    print("forked", n, "then:", e.strerror)'""");

        assertThat(bomb.timedOut()).isTrue();
        assertThat(bomb.output()).contains("Resource temporarily unavailable");
        assertThat(counted.output()).containsPattern("forked \\d+ then: Resource temporarily unavailable");
        int forked = Integer.parseInt(counted.output().replaceAll("(?s).*forked (\\d+).*", "$1"));
        assertThat(forked).isLessThan((int) fx.options.pidsLimit());
        ExecResult after = fx.sh("echo alive; ls -d /proc/[0-9]* | wc -l");
        assertThat(after.succeeded()).isTrue();
        assertThat(after.output()).startsWith("alive");
        assertThat(Integer.parseInt(after.output().lines().skip(1).findFirst().orElseThrow().trim()))
                .as("processes left after the command: init, keeper, this shell and its children").isLessThan(10);
        fx.docker.client().pingCmd().exec();
        assertThat(new ProcessBuilder("true").start().waitFor()).as("the host can still fork").isZero();
    }

    @Test
    @DisplayName("allocating past the memory limit kills only the offender, and the evidence says so")
    void shouldKillOnlyOffenderWhenMemoryLimitExceeded() {
        ExecResult r = fx.sh("sleep 30 & python3 -c 'x = bytearray(512 * 1024 * 1024)'; echo python-exit=$?; "
                + "kill -0 $! && echo sibling-alive");

        assertThat(r.output()).contains("python-exit=137", "sibling-alive");
        assertThat(r.toEvidence().output()).contains("[baton] the memory limit (256 MiB) killed a process");
        assertThat(fx.sh("echo ok").output()).isEqualTo("ok\n");
    }

    @Test
    @DisplayName("filling /tmp stops at the tmpfs size")
    void shouldBoundTmpWhenFilled() {
        ExecResult r = fx.sh("head -c 200M /dev/zero > /tmp/fill; echo rc=$?; stat -c %s /tmp/fill; rm /tmp/fill");

        assertThat(r.output()).contains("No space left on device", "rc=1");
        long size = Long.parseLong(r.output().lines().reduce((a, b) -> b).orElseThrow().trim());
        assertThat(size).isLessThanOrEqualTo(fx.options.tmpfsBytes());
    }

    @Test
    @DisplayName("one file cannot grow past the workspace quota")
    void shouldStopFileWhenLargerThanQuota() {
        ExecResult r = fx.sh("head -c 200M /dev/zero > big");
        ExecResult size = fx.sh("stat -c %s big; rm big");

        assertThat(r.exitCode()).isEqualTo(153);
        assertThat(r.output()).contains("[baton] killed: a file reached the size limit (64 MiB)");
        assertThat(Long.parseLong(size.output().trim())).isLessThanOrEqualTo(fx.options.workspaceQuotaBytes());
    }

    @Test
    @DisplayName("filling the workspace with many files is killed at the quota and reported")
    void shouldKillCommandWhenWorkspaceQuotaExceeded() throws Exception {
        ExecResult r = fx.sh("mkdir -p fill; i=0; while :; do i=$((i+1)); head -c 4M /dev/zero > fill/f$i; done",
                Duration.ofSeconds(30));
        var usage = fx.factory.guard().usage(fx.sandbox.workspace(), Long.MAX_VALUE, Integer.MAX_VALUE);
        ExecResult after = fx.sh("rm -rf fill; echo clean");

        assertThat(r.timedOut()).isFalse();
        assertThat(r.output()).contains("[baton] killed: filled the workspace past its quota (64 MiB");
        System.out.printf("workspace quota 64 MiB: the filler was stopped at %d MiB after %d ms%n",
                usage.bytes() / SandboxTesting.MIB, r.durationMs());
        assertThat(usage.bytes()).as("bounded: quota plus what is written between two probes")
                .isLessThan(fx.options.workspaceQuotaBytes() + 1024 * SandboxTesting.MIB);
        assertThat(after.output()).isEqualTo("clean\n");
    }

    @Test
    @DisplayName("a command that fills the workspace just before it ends is still reported; the next may not grow it")
    void shouldReportQuotaWhenCommandFillsWorkspaceAsItEnds() {
        // the probe runs every 100 ms; the writes land a few ms before the command ends, most often between probes
        ExecResult fast = fx.sh("sleep 1; truncate -s 40M a b");
        ExecResult grow = fx.sh("sleep 1; echo more > c; sleep 10");
        ExecResult clean = fx.sh("rm -f a b c; echo clean");

        assertThat(fast.output()).containsPattern("\\[baton] (killed: filled the workspace past its "
                + "quota|the workspace is past its quota \\(64 MiB, 20000 entries\\) after this command)");
        assertThat(grow.output()).contains("[baton] killed: filled the workspace past its quota");
        assertThat(clean.output()).isEqualTo("clean\n");
    }
}
