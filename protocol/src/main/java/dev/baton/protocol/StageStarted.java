package dev.baton.protocol;

import java.util.Objects;

/**
 * An agent took a work order up and is working on it: from now on the coordinator counts the role's stage
 * deadline, not the time the order may wait in the role's queue. Sent again when a redelivered order is taken
 * up after a crash, which restarts the clock for the same attempt. {@code agent} names the replica (for the
 * timeline and the audit), e.g. {@code engineer-4711}.
 */
public record StageStarted(String ticketId, Role role, String taskId, int round, int attempt, String agent)
        implements Payload.ResultMessage {

    public StageStarted {
        Check.id(ticketId, "ticketId");
        Objects.requireNonNull(role, "role");
        Check.id(taskId, "taskId");
        agent = agent == null || agent.isBlank() ? "unknown" : Check.optional(agent, "agent", 200);
    }

    public static StageStarted of(WorkOrder order, String agent) {
        return new StageStarted(order.ticketId(), order.role(), order.taskId(), order.round(), order.attempt(), agent);
    }

    public StageKey stageKey() {
        return new StageKey(ticketId, role, taskId, round, attempt);
    }
}
