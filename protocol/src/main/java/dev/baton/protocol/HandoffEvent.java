package dev.baton.protocol;

import java.util.Objects;

/**
 * One ticket state transition, emitted by the coordinator for every change it stores.
 *
 * @param from    the state before, or null when the ticket was created
 * @param version the ticket record's version after the transition; events of a ticket are ordered by it
 * @param plan    on the PM's handoff of a new plan, its outline (capped to stay small); null otherwise
 */
public record HandoffEvent(
        String ticketId, TicketState from, TicketState to, Role fromRole, Role toRole, String taskId, int round,
        String reason, long version, PlanOutline plan) implements Payload.EventMessage {

    public HandoffEvent {
        Check.id(ticketId, "ticketId");
        Objects.requireNonNull(to, "to");
        reason = reason == null ? "" : Check.optional(reason, "reason", Check.MAX_TEXT);
    }

    /** A handoff that carries no plan. */
    public HandoffEvent(String ticketId, TicketState from, TicketState to, Role fromRole, Role toRole, String taskId,
            int round, String reason, long version) {
        this(ticketId, from, to, fromRole, toRole, taskId, round, reason, version, null);
    }
}
