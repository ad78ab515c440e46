package dev.baton.coordinator.workflow;

import static dev.baton.protocol.TicketState.FAILED;

import dev.baton.blackboard.StageClock;
import dev.baton.blackboard.TicketRecord;
import dev.baton.blackboard.Versioned;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Role;
import java.time.Instant;
import java.util.Optional;

/**
 * Stage deadlines (see {@link StagePolicy}): a work order nobody took up within the queue deadline, or taken up
 * and unanswered within the role's deadline, is sent again as a new attempt (new token; the old one is revoked);
 * after the last attempt the ticket fails with the reason. A retry scheduled after a retriable failure is sent
 * here too when due. A late result of an old attempt no longer matches the stage and is refused as stale. Pure
 * decisions.
 */
public final class Deadlines {
    private final Workflow workflow;

    public Deadlines(Workflow workflow) {
        this.workflow = workflow;
    }

    /** When the current stage needs attention (deadline or scheduled retry), or empty when it never will. */
    public Optional<Instant> dueAt(TicketRecord t) {
        Role role = Workflow.expectedRole(t.state());
        StageClock clock = t.clock();
        if (role == null) {
            return Optional.empty();
        }
        StagePolicy policy = workflow.policy();
        if (clock.retryAt() != null) {
            return Optional.of(clock.retryAt());
        }
        if (clock.startedAt() != null) {
            return Optional.of(clock.startedAt().plus(policy.deadline(role, t.attempt())));
        }
        return Optional.ofNullable(clock.dispatchedAt()).map(at -> at.plus(policy.queueDeadline(t.attempt())));
    }

    /** The step for a ticket whose deadline or retry is due at {@code now}, or empty if it is not. */
    public Optional<Step> check(Versioned<TicketRecord> stored, Instant now) {
        TicketRecord t = stored.value();
        Optional<Instant> due = dueAt(t);
        if (due.isEmpty() || now.isBefore(due.get())) {
            return Optional.empty();
        }
        Change change = workflow.change(stored);
        Role role = Workflow.expectedRole(t.state());
        String stage = role.id() + " " + t.state() + " attempt " + t.attempt();
        if (t.clock().retryAt() != null) {
            redispatch(change, role, "retrying " + stage + " as attempt " + (t.attempt() + 1));
        } else if (t.attempt() >= workflow.policy().maxAttempts()) {
            change.move(FAILED, role, null, ErrorCode.DEADLINE_EXCEEDED.message() + ": " + stage + " " + late(t)
                    + " by " + due.get() + ", the limit is " + workflow.policy().maxAttempts() + " attempt(s)");
        } else {
            redispatch(change, role, stage + " " + late(t) + " by its deadline; re-dispatched as attempt "
                    + (t.attempt() + 1));
        }
        return Optional.of(change.apply());
    }

    private static String late(TicketRecord t) {
        return t.clock().startedAt() == null ? "was not taken up by any agent" : "was taken up but had no result";
    }

    private static void redispatch(Change change, Role role, String reason) {
        var t = change.record();
        change.update(r -> r.withStage(t.taskIndex(), t.round(), t.attempt() + 1));
        change.note(role, reason);
        change.dispatch(role, ControlFlow.feedback(change.record(), role));
    }
}
