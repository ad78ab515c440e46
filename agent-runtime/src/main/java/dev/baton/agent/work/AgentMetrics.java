package dev.baton.agent.work;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Role;
import dev.baton.protocol.WorkResult;
import dev.baton.telemetry.metrics.Counter;
import dev.baton.telemetry.metrics.Histogram;
import dev.baton.telemetry.metrics.MetricsRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * An agent's work loop figures, labelled with its role: stages by outcome and duration, the handoff latency (from
 * the coordinator creating a work order to this agent starting it, which includes the time it queued), stored
 * results re-sent for redelivered orders, retries after Redis or Kafka failed, dead letters, and health.
 * Thread-safe.
 */
final class AgentMetrics {
    private final String role;
    private final Counter stages;
    private final Histogram stageSeconds;
    private final Histogram handoff;
    private final Counter resent;
    private final Counter retries;
    private final Counter deadLetters;

    AgentMetrics(MetricsRegistry registry, Role role, BooleanSupplier healthy) {
        this.role = role.id();
        stages = registry.counter("baton_agent_stages_total", "Stages worked, by role and outcome.", "role", "outcome");
        stageSeconds = registry.histogram("baton_agent_stage_seconds", "How long a stage's work took, by role.",
                Histogram.SECONDS, "role");
        handoff = registry.histogram("baton_agent_handoff_seconds",
                "From the coordinator creating a work order to this agent starting it, by role.", Histogram.SECONDS,
                "role");
        resent = registry.counter("baton_agent_results_resent_total",
                "Redelivered work orders answered with the stored result instead of new work.", "role");
        retries = registry.counter("baton_agent_retries_total",
                "Polls retried because Redis or Kafka failed, by role.", "role");
        deadLetters = registry.counter("baton_agent_dead_letters_total",
                "Work topic records sent to baton.dlq, by role and error code.", "role", "code");
        registry.gauge("baton_agent_up", "1 while the work loop polls and no record is being retried.",
                () -> healthy.getAsBoolean() ? 1 : 0);
    }

    void started(Instant orderCreated) {
        handoff.observe(Math.max(0, Duration.between(orderCreated, Instant.now()).toMillis()) / 1000.0, role);
    }

    void ended(WorkResult.Outcome outcome, long startedNanos) {
        stages.inc(role, outcome.name().toLowerCase(java.util.Locale.ROOT));
        stageSeconds.observe((System.nanoTime() - startedNanos) / 1e9, role);
    }

    void resent() {
        resent.inc(role);
    }

    void retried() {
        retries.inc(role);
    }

    void deadLetter(ErrorCode code) {
        deadLetters.inc(role, code.name());
    }
}
