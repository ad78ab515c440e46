package dev.baton.coordinator.workflow;

import dev.baton.blackboard.StageClock;
import dev.baton.blackboard.TicketRecord;
import dev.baton.protocol.HandoffEvent;
import dev.baton.protocol.Payload;
import dev.baton.protocol.PlanOutline;
import dev.baton.protocol.Role;
import dev.baton.protocol.TicketState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Accumulates the transitions one message causes, refusing any the state machine does not allow. */
final class Change {
    private final Dispatcher dispatcher;
    private final long version;
    private final Instant now;
    private final List<Payload> emits = new ArrayList<>();
    private final boolean wasOutstanding;
    private boolean dispatched;
    private TicketRecord record;

    Change(TicketRecord record, long version, Instant now, Dispatcher dispatcher) {
        this.record = record;
        this.wasOutstanding = record.clock().outstanding();
        this.dispatcher = dispatcher;
        this.version = version;
        this.now = now;
    }

    TicketRecord record() {
        return record;
    }

    Instant now() {
        return now;
    }

    void update(java.util.function.UnaryOperator<TicketRecord> edit) {
        record = edit.apply(record);
    }

    void created(String reason) {
        emits.add(new HandoffEvent(record.id(), null, record.state(), null, null, null, 0, reason, version));
    }

    /** Moves to {@code to}; {@code fromRole} hands the ticket to {@code toRole} (either may be null). */
    void move(TicketState to, Role fromRole, Role toRole, String reason) {
        move(to, fromRole, toRole, reason, null);
    }

    /** Moves as {@link #move(TicketState, Role, Role, String)}, the event carrying the outline of the new plan. */
    void handOffPlan(TicketState to, Role toRole, String reason) {
        move(to, Role.PM, toRole, reason, PlanOutline.of(record.plan()));
    }

    private void move(TicketState to, Role fromRole, Role toRole, String reason, PlanOutline plan) {
        TicketState from = record.state();
        if (!from.canMoveTo(to)) {
            throw new IllegalTransitionException(record.id(), from, to);
        }
        var task = record.currentTask();
        emits.add(new HandoffEvent(record.id(), from, to, fromRole, toRole, task == null ? null : task.id(),
                record.round(), reason, version, plan));
        record = record.withState(to, reason, now);
        if (Workflow.expectedRole(to) == null) {
            record = record.withClock(StageClock.IDLE);
        }
    }

    /** Sends the work order of the record's current stage and notes when, for its deadline. */
    void dispatch(Role role, List<String> feedback) {
        record = record.withClock(StageClock.dispatched(now));
        dispatched = true;
        emits.add(dispatcher.order(record, role, feedback));
    }

    /** Records something that happened to the ticket without a state change (e.g. a re-dispatch). */
    void note(Role toRole, String reason) {
        var task = record.currentTask();
        emits.add(new HandoffEvent(record.id(), record.state(), record.state(), null, toRole,
                task == null ? null : task.id(), record.round(), reason, version));
    }

    void emit(Payload payload) {
        emits.add(payload);
    }

    /**
     * The change as a step. When a work order was outstanding and this change answered or superseded it, the
     * tokens minted for it are revoked: everything issued before this change (a new order's token is issued
     * during it, so it is not).
     */
    Step.Apply apply() {
        boolean superseded = wasOutstanding && (dispatched || !record.clock().outstanding());
        return new Step.Apply(record, emits, superseded ? now.minusMillis(1) : null);
    }

    static final class IllegalTransitionException extends RuntimeException {
        IllegalTransitionException(String ticket, TicketState from, TicketState to) {
            super("ticket " + ticket + " cannot move from " + from + " to " + to);
        }
    }
}
