package dev.baton.coordinator.intake;

import dev.baton.blackboard.Blackboard;
import dev.baton.blackboard.CasResult;
import dev.baton.blackboard.OutboxRecord;
import dev.baton.blackboard.TicketRecord;
import dev.baton.blackboard.Versioned;
import dev.baton.coordinator.workflow.ControlFlow;
import dev.baton.coordinator.workflow.Deadlines;
import dev.baton.coordinator.workflow.Step;
import dev.baton.coordinator.workflow.Workflow;
import dev.baton.protocol.Codec;
import dev.baton.protocol.ControlCommand;
import dev.baton.protocol.DeadLetter;
import dev.baton.protocol.Decoded;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Payload;
import dev.baton.protocol.StageStarted;
import dev.baton.protocol.Topics;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.protocol.WorkResult;
import dev.baton.telemetry.log.LogContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Applies one record from {@value Topics#TICKETS}, {@value Topics#RESULTS} or {@value Topics#CONTROL}: decode,
 * decide, store with compare-and-set together with the outbox, then send the outbox. A message already applied
 * re-sends its stored outbox (its consumers are idempotent), so a crash between store and send loses nothing.
 * Thread-safe: every write is a compare-and-set, so the consumer loop and the deadline sweeper can share it.
 */
public final class TicketProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(TicketProcessor.class);
    private static final int MAX_CAS_TRIES = 16;
    private static final int MAX_FLEET_TICKETS = 100_000;

    private final Blackboard blackboard;
    private final Workflow workflow;
    private final ControlFlow control;
    private final Deadlines deadlines;
    private final Outbox outbox;
    private final DeadLetters deadLetters;

    public TicketProcessor(Blackboard blackboard, Workflow workflow, Deadlines deadlines, Outbox outbox,
            DeadLetters deadLetters) {
        this.blackboard = blackboard;
        this.workflow = workflow;
        this.control = new ControlFlow(workflow);
        this.deadlines = deadlines;
        this.outbox = outbox;
        this.deadLetters = deadLetters;
    }

    /**
     * Processes one record. Redis and Kafka failures propagate so the loop rewinds and retries; any other failure
     * is a defect that retrying cannot fix, so the record goes to the DLQ with the exception and the loop moves on.
     */
    public void process(ConsumerRecord<String, byte[]> record) {
        LogContext log = LogContext.ticket(record.key());
        try {
            processOrThrow(record);
        } catch (io.lettuce.core.RedisException | org.apache.kafka.common.KafkaException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("cannot process {}-{}@{}; dead-lettered", record.topic(), record.partition(), record.offset(), e);
            deadLetters.send(record, ErrorCode.UNKNOWN, "processing failed: " + e, DeadLetter.UNKNOWN_TICKET);
        } finally {
            log.close();
        }
    }

    private void processOrThrow(ConsumerRecord<String, byte[]> record) {
        Class<? extends Payload> expected = switch (record.topic()) {
            case Topics.TICKETS -> Payload.TicketMessage.class;
            case Topics.CONTROL -> Payload.ControlMessage.class;
            default -> Payload.ResultMessage.class;
        };
        switch (Codec.decode(record.value(), expected)) {
            case Decoded.Failed f -> deadLetters.send(record, f.code(), f.reason(), f.ticketId());
            case Decoded.Ok ok when ok.payload() instanceof ControlCommand c && ControlCommand.FLEET.equals(c.ticketId())
                    -> fleet(record, ok.envelope().id(), c);
            case Decoded.Ok ok -> {
                MDC.put(LogContext.TICKET, ok.payload().ticketId());
                MDC.put(LogContext.TASK, ok.payload() instanceof WorkResult r ? r.taskId() : null);
                Refusal refusal = apply(ok.payload().ticketId(), ok.envelope().id(), stored -> decide(stored, ok.payload()));
                if (refusal != null) {
                    deadLetters.send(record, refusal.code(), refusal.reason(), ok.payload().ticketId());
                } else if (ok.payload() instanceof ControlCommand c && c.action() == ControlCommand.Action.CANCEL) {
                    blackboard.revokeTicket(c.ticketId(), Instant.now());
                }
            }
        }
    }

    /** A fleet-wide command: set the fleet's flags, then apply the command to every ticket it concerns. */
    private void fleet(ConsumerRecord<String, byte[]> record, String messageId, ControlCommand command) {
        switch (command.action()) {
            case HALT -> blackboard.setFleetHalted(true, Instant.now());
            case RESUME -> blackboard.setFleetHalted(false, Instant.now());
            case UNBLOCK -> { }
            default -> {
                deadLetters.send(record, ErrorCode.INVALID_MESSAGE, command.action() + " needs a ticket id, not "
                        + ControlCommand.FLEET, ControlCommand.FLEET);
                return;
            }
        }
        int touched = 0;
        for (String id : blackboard.ticketIds(MAX_FLEET_TICKETS)) {
            Refusal refusal = apply(id, messageId + "/" + id, stored -> stored.flatMap(s -> control.apply(s, command)));
            touched += refusal == null ? 1 : 0;
        }
        LOG.info("fleet {} by {} applied to the fleet's tickets ({} checked)", command.action(), command.by(), touched);
    }

    /** Re-dispatches or fails one ticket if its stage's deadline passed; used by the sweeper. */
    public void checkDeadline(String ticketId, Instant now) {
        try (LogContext log = LogContext.ticket(ticketId)) {
            apply(ticketId, "deadline/" + ticketId + "/" + now.toEpochMilli(),
                    stored -> stored.flatMap(s -> deadlines.check(s, now)));
            blackboard.ticket(ticketId).ifPresentOrElse(t -> blackboard.trackDeadline(ticketId,
                    deadlines.dueAt(t.value()).orElse(null)), () -> blackboard.trackDeadline(ticketId, null));
        }
    }

    private Optional<Step> decide(Optional<Versioned<TicketRecord>> stored, Payload payload) {
        if (payload instanceof StageStarted started) {
            return stored.flatMap(s -> workflow.started(s, started));
        }
        return Optional.of(switch (payload) {
            case TicketSubmitted ticket -> stored.isPresent()
                    ? new Step.Refuse(ErrorCode.DUPLICATE, "ticket " + ticket.ticketId() + " already exists")
                    : workflow.submitted(ticket, blackboard.fleetHalted());
            case WorkResult result -> stored.isEmpty()
                    ? new Step.Refuse(ErrorCode.UNKNOWN_TICKET, "no ticket " + result.ticketId())
                    : workflow.result(stored.get(), result);
            case ControlCommand command -> stored.isEmpty()
                    ? new Step.Refuse(ErrorCode.UNKNOWN_TICKET, "no ticket " + command.ticketId())
                    : control.apply(stored.get(), command).orElse(
                            new Step.Refuse(ErrorCode.ILLEGAL_TRANSITION, command.action() + " does not apply"));
            default -> new Step.Refuse(ErrorCode.WRONG_TOPIC, payload.getClass().getSimpleName() + " is not handled");
        });
    }

    record Refusal(ErrorCode code, String reason) {}

    /**
     * Decides and writes with compare-and-set until the write holds. Returns null when applied (or when there was
     * nothing to do), the refusal otherwise.
     */
    private Refusal apply(String ticketId, String messageId,
            Function<Optional<Versioned<TicketRecord>>, Optional<Step>> decide) {
        for (int i = 0; i < MAX_CAS_TRIES; i++) {
            Optional<Versioned<TicketRecord>> stored = blackboard.ticket(ticketId);
            Optional<Step> step = decide.apply(stored);
            if (step.isEmpty()) {
                return null;
            }
            if (step.get() instanceof Step.Refuse refuse) {
                if (blackboard.applied(ticketId, messageId)) {
                    resend(ticketId, messageId);
                    return null;
                }
                return new Refusal(refuse.code(), refuse.reason());
            }
            var apply = (Step.Apply) step.get();
            List<OutboxRecord> records = Outbox.records(messageId, apply.emits());
            CasResult result = stored.isEmpty()
                    ? blackboard.create(apply.next(), messageId, records)
                    : blackboard.update(apply.next(), stored.get().version(), messageId, records, apply.revokeTokens());
            switch (result) {
                case APPLIED -> {
                    outbox.send(records);
                    blackboard.trackDeadline(ticketId, deadlines.dueAt(apply.next()).orElse(null));
                    return null;
                }
                case DUPLICATE -> {
                    resend(ticketId, messageId);
                    return null;
                }
                case STALE -> LOG.debug("ticket {} changed while applying {}, retrying", ticketId, messageId);
            }
        }
        return new Refusal(ErrorCode.STALE_WRITE, "ticket kept changing during " + MAX_CAS_TRIES + " compare-and-set attempts");
    }

    private void resend(String ticketId, String messageId) {
        List<OutboxRecord> stored = blackboard.outbox(ticketId, messageId);
        LOG.info("message {} of ticket {} was already applied; re-sending its {} output(s)", messageId, ticketId,
                stored.size());
        outbox.send(stored);
    }
}
