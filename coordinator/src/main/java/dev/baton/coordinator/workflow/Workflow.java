package dev.baton.coordinator.workflow;

import static dev.baton.protocol.TicketState.*;

import dev.baton.blackboard.StageClock;
import dev.baton.blackboard.TicketRecord;
import dev.baton.blackboard.TicketRecord.CommitRecord;
import dev.baton.blackboard.TicketRecord.ReviewRecord;
import dev.baton.blackboard.Versioned;
import dev.baton.coordinator.workflow.GatePolicy.Stage;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Role;
import dev.baton.protocol.StageKey;
import dev.baton.protocol.StageStarted;
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
    private final GatePolicy gates;
    private final Clock clock;

    public Workflow(Dispatcher dispatcher, int maxReviewRounds, GatePolicy gates, Clock clock) {
        this.dispatcher = dispatcher;
        this.maxReviewRounds = maxReviewRounds;
        this.gates = gates;
        this.clock = clock;
    }

    StagePolicy policy() {
        return dispatcher.policy();
    }

    Change change(Versioned<TicketRecord> stored) {
        return new Change(stored.value(), stored.version() + 1, clock.instant(), dispatcher);
    }

    /** A new ticket: stored as SUBMITTED and handed to the PM at once, or held while the fleet is halted. */
    public Step.Apply submitted(TicketSubmitted ticket, boolean fleetHalted) {
        var change = new Change(TicketRecord.submitted(ticket, clock.instant()), 1, clock.instant(), dispatcher);
        change.created("submitted by " + ticket.submittedBy());
        if (fleetHalted) {
            change.update(r -> r.withResumeTo(PLANNING));
            change.move(HALTED, null, null, "the fleet is halted; planning starts on resume");
        } else {
            change.move(PLANNING, null, Role.PM, "planning");
            change.dispatch(Role.PM, List.of());
        }
        return change.apply();
    }

    /** An agent's result for the ticket's current stage. Results for any other stage are refused as stale. */
    public Step result(Versioned<TicketRecord> stored, WorkResult result) {
        TicketRecord ticket = stored.value();
        StageKey expected = expectedStage(ticket);
        if (expected == null || !expected.equals(result.stageKey()) || !ticket.clock().outstanding()) {
            return new Step.Refuse(ErrorCode.STALE_RESULT, "result for " + result.stageKey() + " but ticket is "
                    + ticket.state() + (expected == null ? "" : ticket.clock().outstanding() ? " awaiting " + expected
                            : " waiting to retry " + expected));
        }
        var change = change(stored);
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

    /**
     * An agent took up the current stage's work order: its deadline now runs from here. Empty (nothing to do)
     * for any other stage, e.g. a redelivered order of an attempt that was superseded.
     */
    public java.util.Optional<Step> started(Versioned<TicketRecord> stored, StageStarted started) {
        TicketRecord ticket = stored.value();
        if (!started.stageKey().equals(expectedStage(ticket)) || !ticket.clock().outstanding()) {
            return java.util.Optional.empty();
        }
        var change = change(stored);
        change.update(r -> r.withClock(r.clock().started(change.now())));
        change.note(started.role(), started.agent() + " took up " + started.taskId() + " attempt " + started.attempt());
        return java.util.Optional.of(change.apply());
    }

    /** The role that works on a ticket in {@code state}, or null when no work order is outstanding. */
    public static Role expectedRole(TicketState state) {
        return switch (state) {
            case PLANNING -> Role.PM;
            case IMPLEMENTING -> Role.ENGINEER;
            case REVIEWING -> Role.REVIEWER;
            default -> null;
        };
    }

    static StageKey expectedStage(TicketRecord t) {
        Role role = expectedRole(t.state());
        if (role == null) {
            return null;
        }
        String taskId = role == Role.PM ? WorkOrder.PLAN_TASK : t.currentTask().id();
        return new StageKey(t.id(), role, taskId, t.round(), t.attempt());
    }

    private void planned(Change change, WorkResult result) {
        change.update(t -> t.withPlan(result.plan()).withStage(0, 1, 1));
        String tasks = "plan of " + result.plan().tasks().size() + " task(s)";
        var files = result.plan().tasks().stream().flatMap(t -> t.files().stream()).toList();
        var gate = gates.match(Stage.BEFORE_IMPLEMENTING, files);
        if (gate.isPresent()) {
            change.update(t -> t.withResumeTo(IMPLEMENTING));
            change.handOffPlan(AWAITING_APPROVAL, null, tasks + "; " + gate.get());
            return;
        }
        change.handOffPlan(IMPLEMENTING, Role.ENGINEER, tasks);
        change.dispatch(Role.ENGINEER, List.of());
    }

    private void committed(Change change, WorkResult result) {
        var t = change.record();
        change.update(r -> r.withCommit(new CommitRecord(t.currentTask().id(), t.round(), result.commit(),
                result.evidence(), result.files(), result.diff())).withStage(t.taskIndex(), t.round(), 1));
        change.move(REVIEWING, Role.ENGINEER, Role.REVIEWER, "commit " + abbrev(result.commit()));
        change.dispatch(Role.REVIEWER, List.of());
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
            change.dispatch(Role.ENGINEER, verdict.comments());
        }
    }

    private void approved(Change change) {
        var t = change.record();
        if (t.hasNextTask()) {
            change.update(r -> r.withStage(t.taskIndex() + 1, 1, 1));
            change.move(IMPLEMENTING, Role.REVIEWER, Role.ENGINEER, "next task " + change.record().currentTask().id());
            change.dispatch(Role.ENGINEER, List.of());
            return;
        }
        var gate = gates.match(Stage.BEFORE_DELIVERING, t.changedFiles());
        if (gate.isPresent()) {
            change.update(r -> r.withResumeTo(DELIVERING));
            change.move(AWAITING_APPROVAL, Role.REVIEWER, null, "all tasks approved; " + gate.get());
            return;
        }
        deliver(change, Role.REVIEWER);
    }

    static void deliver(Change change, Role from) {
        var t = change.record();
        change.move(DELIVERING, from, null, "all tasks approved");
        change.move(DELIVERED, null, null, "branch " + t.ticket().branch() + " at " + abbrev(t.head()));
    }

    /**
     * A budget refusal blocks the ticket until the budget is raised. A retriable failure (the model or the
     * sandbox unavailable, a git error, an expired token) is tried again as a new attempt after a backoff, until
     * the policy's attempts are used up; any other failure fails the ticket with the agent's reason.
     */
    private void failed(Change change, WorkResult result) {
        var failure = result.failure();
        var t = change.record();
        String what = result.role().id() + " attempt " + t.attempt() + " failed (" + failure.code() + "): "
                + failure.reason();
        if (failure.code() == ErrorCode.BUDGET_EXCEEDED) {
            change.update(r -> r.withResumeTo(t.state()));
            change.move(BLOCKED_BUDGET, result.role(), null, failure.reason());
        } else if (failure.code().retriable() && t.attempt() < policy().maxAttempts()) {
            var delay = policy().retryDelay(t.attempt());
            change.update(r -> r.withClock(StageClock.retryAt(change.now().plus(delay))));
            change.note(result.role(), what + "; attempt " + (t.attempt() + 1) + " in " + delay.toMillis() + " ms");
        } else if (failure.code().retriable()) {
            change.move(FAILED, result.role(), null, what + "; that was the last of " + policy().maxAttempts()
                    + " attempt(s)");
        } else {
            change.move(FAILED, result.role(), null, result.role().id() + " failed: " + failure.reason());
        }
    }

    static String abbrev(String sha) {
        return sha == null ? "none" : sha.substring(0, Math.min(12, sha.length()));
    }

    private static String firstLine(List<String> comments) {
        return comments.isEmpty() ? "changes requested" : comments.get(0);
    }
}
