package dev.baton.coordinator.workflow;

import static dev.baton.protocol.TicketState.FAILED;

import dev.baton.blackboard.TicketRecord;
import dev.baton.blackboard.Versioned;
import dev.baton.protocol.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Stage deadlines: a work order with no result in time is sent again as a new attempt, each attempt given
 * twice the time of the one before; after {@code maxAttempts} the ticket fails with the reason. A late result
 * of an old attempt no longer matches the stage and is refused as stale. Pure decisions.
 */
public final class Deadlines {
    private final Workflow workflow;
    private final Duration deadline;
    private final int maxAttempts;

    public Deadlines(Workflow workflow, Duration deadline, int maxAttempts) {
        this.workflow = workflow;
        this.deadline = deadline;
        this.maxAttempts = maxAttempts;
    }

    /** When the current attempt of {@code t} times out, or empty when no work order is outstanding. */
    public Optional<Instant> dueAt(TicketRecord t) {
        if (t.dispatchedAt() == null || Workflow.expectedRole(t.state()) == null) {
            return Optional.empty();
        }
        return Optional.of(t.dispatchedAt().plus(deadline.multipliedBy(1L << Math.min(t.attempt() - 1, 16))));
    }

    /** The step for a ticket whose deadline passed at {@code now}, or empty if it has not. */
    public Optional<Step> check(Versioned<TicketRecord> stored, Instant now) {
        TicketRecord t = stored.value();
        Optional<Instant> due = dueAt(t);
        if (due.isEmpty() || now.isBefore(due.get())) {
            return Optional.empty();
        }
        Change change = workflow.change(stored);
        String stage = t.state() + " attempt " + t.attempt();
        if (t.attempt() >= maxAttempts) {
            change.move(FAILED, Workflow.expectedRole(t.state()), null, ErrorCode.DEADLINE_EXCEEDED.message() + ": "
                    + stage + " had no result by " + due.get() + ", the limit is " + maxAttempts + " attempt(s)");
        } else {
            var role = Workflow.expectedRole(t.state());
            change.update(r -> r.withStage(t.taskIndex(), t.round(), t.attempt() + 1));
            change.note(role, "no result for " + stage + " by its deadline; re-dispatched as attempt " + (t.attempt() + 1));
            change.dispatch(role, ControlFlow.feedback(change.record(), role));
        }
        return Optional.of(change.apply());
    }
}
