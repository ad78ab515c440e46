package dev.baton.coordinator.workflow;

import static dev.baton.protocol.TicketState.*;

import dev.baton.blackboard.TicketRecord;
import dev.baton.blackboard.TicketRecord.CommitRecord;
import dev.baton.blackboard.TicketRecord.ReviewRecord;
import dev.baton.blackboard.Versioned;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Role;
import dev.baton.protocol.StageKey;
import dev.baton.protocol.TicketState;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.protocol.Verdict;
import dev.baton.protocol.WorkOrder;
import dev.baton.protocol.WorkResult;
import java.time.Clock;
import java.util.List;

/**
 * The ticket state machine: pure decisions, no I/O. Given the stored record and a message it returns the
 * next record and the events and work orders to emit, or a refusal. Thread-safe (stateless).
 */
public final class Workflow {
    private final Dispatcher dispatcher;
    private final int maxReviewRounds;
    private final Clock clock;

    public Workflow(Dispatcher dispatcher, int maxReviewRounds, Clock clock) {
        this.dispatcher = dispatcher;
        this.maxReviewRounds = maxReviewRounds;
        this.clock = clock;
    }

    /** A new ticket: stored as SUBMITTED and handed to the PM at once. */
    public Step.Apply submitted(TicketSubmitted ticket) {
        var change = new Change(TicketRecord.submitted(ticket, clock.instant()), 1, clock.instant());
        change.created("submitted by " + ticket.submittedBy());
        change.move(PLANNING, null, Role.PM, "planning");
        change.emit(dispatcher.order(change.record(), Role.PM, List.of()));
        return change.apply();
    }

    /** An agent's result for the ticket's current stage. Results for any other stage are refused as stale. */
    public Step result(Versioned<TicketRecord> stored, WorkResult result) {
        TicketRecord ticket = stored.value();
        StageKey expected = expectedStage(ticket);
        if (expected == null || !expected.equals(result.stageKey())) {
            return new Step.Refuse(ErrorCode.STALE_RESULT, "result for " + result.stageKey() + " but ticket is "
                    + ticket.state() + (expected == null ? "" : " awaiting " + expected));
        }
        var change = new Change(ticket, stored.version() + 1, clock.instant());
        try {
            switch (result.outcome()) {
                case PLANNED -> planned(change, result);
                case COMMITTED -> committed(change, result);
                case REVIEWED -> reviewed(change, result);
                case FAILED -> failed(change, result);
            }
        } catch (Change.IllegalTransitionException e) {
            return new Step.Refuse(ErrorCode.ILLEGAL_TRANSITION, e.getMessage());
        }
        return change.apply();
    }

    static StageKey expectedStage(TicketRecord t) {
        Role role = switch (t.state()) {
            case PLANNING -> Role.PM;
            case IMPLEMENTING -> Role.ENGINEER;
            case REVIEWING -> Role.REVIEWER;
            default -> null;
        };
        if (role == null) {
            return null;
        }
        String taskId = role == Role.PM ? WorkOrder.PLAN_TASK : t.currentTask().id();
        return new StageKey(t.id(), role, taskId, t.round(), t.attempt());
    }

    private void planned(Change change, WorkResult result) {
        change.update(t -> t.withPlan(result.plan()).withStage(0, 1, 1));
        change.move(IMPLEMENTING, Role.PM, Role.ENGINEER, "plan of " + result.plan().tasks().size() + " task(s)");
        change.emit(dispatcher.order(change.record(), Role.ENGINEER, List.of()));
    }

    private void committed(Change change, WorkResult result) {
        var t = change.record();
        change.update(r -> r.withCommit(new CommitRecord(t.currentTask().id(), t.round(), result.commit(),
                result.evidence())).withStage(t.taskIndex(), t.round(), 1));
        change.move(REVIEWING, Role.ENGINEER, Role.REVIEWER, "commit " + abbrev(result.commit()));
        change.emit(dispatcher.order(change.record(), Role.REVIEWER, List.of()));
    }

    private void reviewed(Change change, WorkResult result) {
        var t = change.record();
        Verdict verdict = result.verdict();
        change.update(r -> r.withReview(new ReviewRecord(t.currentTask().id(), t.round(), t.head(), verdict)));
        if (verdict.decision() == Verdict.Decision.APPROVED) {
            approved(change);
        } else if (t.round() >= maxReviewRounds) {
            change.move(FAILED, Role.REVIEWER, null, ErrorCode.REVIEW_ROUNDS_EXHAUSTED.message() + ": task "
                    + t.currentTask().id() + " was reviewed " + t.round() + " time(s), the limit is " + maxReviewRounds);
        } else {
            change.move(CHANGES_REQUESTED, Role.REVIEWER, Role.ENGINEER, firstLine(verdict.comments()));
            change.update(r -> r.withStage(t.taskIndex(), t.round() + 1, 1));
            change.move(IMPLEMENTING, Role.REVIEWER, Role.ENGINEER, "round " + (t.round() + 1));
            change.emit(dispatcher.order(change.record(), Role.ENGINEER, verdict.comments()));
        }
    }

    private void approved(Change change) {
        var t = change.record();
        if (t.hasNextTask()) {
            change.update(r -> r.withStage(t.taskIndex() + 1, 1, 1));
            change.move(IMPLEMENTING, Role.REVIEWER, Role.ENGINEER, "next task " + change.record().currentTask().id());
            change.emit(dispatcher.order(change.record(), Role.ENGINEER, List.of()));
        } else {
            change.move(DELIVERING, Role.REVIEWER, null, "all tasks approved");
            change.move(DELIVERED, null, null, "branch " + t.ticket().branch() + " at " + abbrev(t.head()));
        }
    }

    private void failed(Change change, WorkResult result) {
        var failure = result.failure();
        TicketState state = change.record().state();
        if (failure.code() == ErrorCode.BUDGET_EXCEEDED) {
            change.update(r -> r.withResumeTo(state));
            change.move(BLOCKED_BUDGET, result.role(), null, failure.reason());
        } else {
            change.move(FAILED, result.role(), null, result.role().id() + " failed: " + failure.reason());
        }
    }

    private static String abbrev(String sha) {
        return sha == null ? "none" : sha.substring(0, Math.min(12, sha.length()));
    }

    private static String firstLine(List<String> comments) {
        return comments.isEmpty() ? "changes requested" : comments.get(0);
    }
}
