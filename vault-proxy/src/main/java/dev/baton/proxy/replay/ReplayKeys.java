package dev.baton.proxy.replay;

import dev.baton.protocol.Role;

/**
 * The blackboard keys of replay. Every model call the proxy answers is appended to its ticket's call log, so a
 * later run can be answered from it:
 *
 * <pre>
 * baton:audit:calls:T:ROLE:TASK     LIST   "STATUS RESPONSE_SHA256" per call, in call order (TTL proxy.audit.body-ttl)
 * baton:replay:R                    STRING the ticket that replay ticket R replays (set by {@code baton replay})
 * baton:replay:cursor:R:ROLE:TASK   STRING how many calls of R's role and task were answered (INCR)
 * </pre>
 *
 * Ticket and task ids never contain {@code :}, so the keys cannot collide.
 */
public final class ReplayKeys {
    private ReplayKeys() {}

    public static String calls(String ticketId, Role role, String taskId) {
        return "baton:audit:calls:" + ticketId + ":" + role.id() + ":" + taskId;
    }

    /** The mapping a replay ticket is recognised by: its value is the original ticket's id. */
    public static String mapping(String replayTicketId) {
        return "baton:replay:" + replayTicketId;
    }

    public static String cursor(String replayTicketId, Role role, String taskId) {
        return "baton:replay:cursor:" + replayTicketId + ":" + role.id() + ":" + taskId;
    }
}
