package dev.baton.engineer;

import dev.baton.engineer.sandbox.SandboxPool;
import dev.baton.telemetry.metrics.Counter;
import dev.baton.telemetry.metrics.Histogram;
import dev.baton.telemetry.metrics.MetricsRegistry;

/**
 * The engineer's sandbox figures: sandboxes in use by tasks and warm in the pool, acquisitions and how long they
 * took (a warm one is a rename, a cold one a container start), sandbox failures, and sandboxes the kill switch
 * destroyed. Thread-safe.
 */
final class SandboxMetrics {
    private final Counter acquired;
    private final Histogram acquireSeconds;
    private final Counter failures;

    SandboxMetrics(MetricsRegistry registry, SandboxPool pool, KillSwitch killSwitch) {
        acquired = registry.counter("baton_engineer_sandboxes_acquired_total", "Sandboxes handed to a task.");
        acquireSeconds = registry.histogram("baton_engineer_sandbox_acquire_seconds",
                "How long acquiring a task's sandbox took (warm from the pool, or created on the spot).",
                Histogram.SECONDS);
        failures = registry.counter("baton_engineer_sandbox_failures_total",
                "Tasks failed by a sandbox error (engine unreachable, image missing, container refused).");
        registry.gauge("baton_engineer_sandboxes_in_use", "Sandboxes running a task right now.", killSwitch::running);
        registry.gauge("baton_engineer_sandboxes_warm", "Warm sandboxes ready in the pool.", pool::ready);
        registry.counter("baton_engineer_sandboxes_killed_total",
                "Running sandboxes destroyed by a fleet halt or a ticket's cancel.", killSwitch::killed);
    }

    void acquired(long startedNanos) {
        acquired.inc();
        acquireSeconds.observe((System.nanoTime() - startedNanos) / 1e9);
    }

    void failed() {
        failures.inc();
    }
}
