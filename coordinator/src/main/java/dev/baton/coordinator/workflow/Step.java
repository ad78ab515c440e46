package dev.baton.coordinator.workflow;

import dev.baton.blackboard.TicketRecord;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Payload;
import java.time.Instant;
import java.util.List;

/** What the workflow decided for one message: a new record and the messages to emit, or a refusal. */
public sealed interface Step {

    /**
     * @param emits         handoff events and work orders, in the order they must be produced
     * @param revokeTokens  when not null, the ticket's task tokens issued at or before this instant are to be
     *                      revoked: the stage they were minted for was answered or superseded
     */
    record Apply(TicketRecord next, List<Payload> emits, Instant revokeTokens) implements Step {
        public Apply {
            emits = List.copyOf(emits);
        }
    }

    /** The message cannot be applied; it goes to the DLQ with this code and reason. */
    record Refuse(ErrorCode code, String reason) implements Step {}
}
