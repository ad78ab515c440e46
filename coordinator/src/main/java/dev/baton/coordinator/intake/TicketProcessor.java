package dev.baton.coordinator.intake;

import dev.baton.blackboard.Blackboard;
import dev.baton.blackboard.CasResult;
import dev.baton.blackboard.OutboxRecord;
import dev.baton.blackboard.TicketRecord;
import dev.baton.blackboard.Versioned;
import dev.baton.coordinator.workflow.Step;
import dev.baton.coordinator.workflow.Workflow;
import dev.baton.protocol.Codec;
import dev.baton.protocol.Decoded;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Payload;
import dev.baton.protocol.Topics;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.protocol.WorkResult;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one record from {@value Topics#TICKETS} or {@value Topics#RESULTS}: decode, decide, store with
 * compare-and-set together with the outbox, then send the outbox. A message already applied re-sends its
 * stored outbox (its consumers are idempotent), so a crash between store and send loses nothing.
 * Not thread-safe: one instance per consumer loop.
 */
public final class TicketProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(TicketProcessor.class);
    private static final int MAX_CAS_TRIES = 16;

    private final Blackboard blackboard;
    private final Workflow workflow;
    private final Outbox outbox;
    private final DeadLetters deadLetters;

    public TicketProcessor(Blackboard blackboard, Workflow workflow, Outbox outbox, DeadLetters deadLetters) {
        this.blackboard = blackboard;
        this.workflow = workflow;
        this.outbox = outbox;
        this.deadLetters = deadLetters;
    }

    public void process(ConsumerRecord<String, byte[]> record) {
        Class<? extends Payload> expected =
                record.topic().equals(Topics.TICKETS) ? Payload.TicketMessage.class : Payload.ResultMessage.class;
        switch (Codec.decode(record.value(), expected)) {
            case Decoded.Failed f -> deadLetters.send(record, f.code(), f.reason(), f.ticketId());
            case Decoded.Ok ok -> apply(record, ok.envelope().id(), ok.payload());
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record, String messageId, Payload payload) {
        for (int i = 0; i < MAX_CAS_TRIES; i++) {
            Optional<Versioned<TicketRecord>> stored = blackboard.ticket(payload.ticketId());
            Step step = decide(stored, payload);
            if (step instanceof Step.Refuse refuse) {
                if (blackboard.applied(payload.ticketId(), messageId)) {
                    resend(payload.ticketId(), messageId);
                } else {
                    deadLetters.send(record, refuse.code(), refuse.reason(), payload.ticketId());
                }
                return;
            }
            var apply = (Step.Apply) step;
            List<OutboxRecord> records = Outbox.records(messageId, apply.emits());
            long version = stored.map(Versioned::version).orElse(0L);
            CasResult result = stored.isEmpty()
                    ? blackboard.create(apply.next(), messageId, records)
                    : blackboard.update(apply.next(), version, messageId, records);
            switch (result) {
                case APPLIED -> {
                    outbox.send(records);
                    return;
                }
                case DUPLICATE -> {
                    resend(payload.ticketId(), messageId);
                    return;
                }
                case STALE -> LOG.debug("ticket {} changed while applying {}, retrying", payload.ticketId(), messageId);
            }
        }
        deadLetters.send(record, ErrorCode.STALE_WRITE,
                "ticket kept changing during " + MAX_CAS_TRIES + " compare-and-set attempts", payload.ticketId());
    }

    private Step decide(Optional<Versioned<TicketRecord>> stored, Payload payload) {
        return switch (payload) {
            case TicketSubmitted ticket -> stored.isPresent()
                    ? new Step.Refuse(ErrorCode.DUPLICATE, "ticket " + ticket.ticketId() + " already exists")
                    : workflow.submitted(ticket);
            case WorkResult result -> stored.isEmpty()
                    ? new Step.Refuse(ErrorCode.UNKNOWN_TICKET, "no ticket " + result.ticketId())
                    : workflow.result(stored.get(), result);
            default -> new Step.Refuse(ErrorCode.WRONG_TOPIC, payload.getClass().getSimpleName() + " is not handled");
        };
    }

    private void resend(String ticketId, String messageId) {
        List<OutboxRecord> stored = blackboard.outbox(ticketId, messageId);
        LOG.info("message {} of ticket {} was already applied; re-sending its {} output(s)", messageId, ticketId,
                stored.size());
        outbox.send(stored);
    }
}
