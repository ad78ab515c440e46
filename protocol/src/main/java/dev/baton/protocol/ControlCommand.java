package dev.baton.protocol;

import java.util.Objects;

/** An operator command: cancel one ticket, or halt and resume the whole fleet ({@link #FLEET}). */
public record ControlCommand(String ticketId, Action action, String reason, String by)
        implements Payload.ControlMessage {

    public static final String FLEET = "fleet";

    public enum Action { CANCEL, HALT, RESUME }

    public ControlCommand {
        Check.id(ticketId, "ticketId");
        Objects.requireNonNull(action, "action");
        reason = reason == null ? "" : Check.optional(reason, "reason", Check.MAX_TEXT);
        by = by == null ? "operator" : Check.optional(by, "by", 200);
    }
}
