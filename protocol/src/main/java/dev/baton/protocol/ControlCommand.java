package dev.baton.protocol;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.util.Objects;

/**
 * An operator command on {@value Topics#CONTROL}, applied by the coordinator (and watched by agents). Per ticket:
 * {@code CANCEL}, {@code APPROVE} or {@code REJECT} a gate ({@code reason} is the approver's reason). Fleet-wide
 * (ticketId {@link #FLEET}): {@code HALT} (kill switch), {@code RESUME}, and {@code UNBLOCK} (a budget was raised:
 * re-dispatch every BLOCKED_BUDGET ticket; {@code UNBLOCK} with a ticket id re-dispatches that one).
 *
 * @param who the operator who decided, as the coordinator's API authenticated them ({@code "operator"} when
 *            unknown); records written before this field was named {@code who} carried it as {@code by}
 */
public record ControlCommand(String ticketId, Action action, String reason, @JsonAlias("by") String who)
        implements Payload.ControlMessage {

    public static final String FLEET = "fleet";

    public enum Action { CANCEL, HALT, RESUME, APPROVE, REJECT, UNBLOCK }

    public ControlCommand {
        Check.id(ticketId, "ticketId");
        Objects.requireNonNull(action, "action");
        reason = reason == null ? "" : Check.optional(reason, "reason", Check.MAX_TEXT);
        who = who == null ? "operator" : Check.optional(who, "who", 200);
    }

    /** The same as {@link #who()}, for the callers that name the decider "by" in their messages. */
    public String by() {
        return who;
    }
}
