package dev.baton.blackboard;

import dev.baton.protocol.StageKey;

/**
 * The Redis key schema. Every key of one ticket carries the ticket id as a hash tag ({@code {id}}) so they
 * live in one cluster slot and a Lua script can touch them atomically.
 *
 * <pre>
 * baton:tickets                              ZSET  ticket ids by creation time (ms)
 * baton:ticket:{id}                          HASH  version, record (TicketRecord JSON)
 * baton:ticket:{id}:applied                  SET   ids of messages already applied to the ticket
 * baton:ticket:{id}:outbox:MSGID             STRING JSON list of OutboxRecord produced by that message (TTL)
 * baton:ticket:{id}:stage:STAGE              STRING an agent's stored WorkResult for one stage (TTL)
 * baton:ticket:{id}:transcript:STAGE         STRING the model conversation of one stage, JSON (TTL)
 * baton:deadlines                            ZSET  ticket ids by the epoch ms their current stage times out
 * baton:fleet:halted                         STRING "1" while the kill switch is on
 * baton:revoked:all, baton:revoked:ticket:{id} see {@link dev.baton.protocol.token.TokenRevocation}
 * </pre>
 */
public final class Keys {
    public static final String TICKETS = "baton:tickets";
    public static final String FLEET_HALTED = "baton:fleet:halted";
    public static final String DEADLINES = "baton:deadlines";

    private Keys() {}

    public static String ticket(String id) {
        return "baton:ticket:{" + id + "}";
    }

    public static String applied(String id) {
        return ticket(id) + ":applied";
    }

    public static String outbox(String id, String messageId) {
        return ticket(id) + ":outbox:" + messageId;
    }

    public static String transcript(StageKey stage) {
        return ticket(stage.ticketId()) + ":transcript:" + stage.role().id() + "/" + stage.taskId() + "/r"
                + stage.round() + "/a" + stage.attempt();
    }

    public static String stage(StageKey stage) {
        return ticket(stage.ticketId()) + ":stage:" + stage.role().id() + "/" + stage.taskId() + "/r" + stage.round()
                + "/a" + stage.attempt();
    }
}
