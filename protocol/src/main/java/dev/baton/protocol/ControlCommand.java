package dev.baton.protocol;

import java.util.Objects;

/**
 * An operator command on {@value Topics#CONTROL}, applied by the coordinator (and watched by agents). Per ticket:
 * {@code CANCEL}, {@code APPROVE} or {@code REJECT} a gate ({@code reason} is the approver's reason). Fleet-wide
 * (ticketId {@link #FLEET}): {@code HALT} (kill switch), {@code RESUME}, and {@code UNBLOCK} (a budget was raised:
 * re-dispatch every BLOCKED_BUDGET ticket; {@code UNBLOCK} with a ticket id re-dispatches that one).
 */
public record ControlCommand(String ticketId, Action action, String reason, String by)
        implements Payload.ControlMessage {

    public static final String FLEET = "fleet";

    public enum Action { CANCEL, HALT, RESUME, APPROVE, REJECT, UNBLOCK }

    public ControlCommand {
        Check.id(ticketId, "ticketId");
        Objects.requireNonNull(action, "action");
        reason = reason == null ? "" : Check.optional(reason, "reason", Check.MAX_TEXT);
        by = by == null ? "operator" : Check.optional(by, "by", 200);
    }
}
