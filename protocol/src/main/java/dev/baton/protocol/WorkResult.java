package dev.baton.protocol;

import java.util.List;
import java.util.Objects;

/**
 * An agent's answer to a {@link WorkOrder}: a plan, a commit with its recorded evidence, a review
 * verdict, or a failure. The stage fields echo the order so the coordinator can drop stale answers.
 *
 * @param diff the unified diff of the Engineer's commit, at most {@link Check#MAX_DIFF} characters (a longer one
 *             is cut with {@link #capDiff}, the cut marked); empty for other outcomes
 */
public record WorkResult(
        String ticketId, Role role, String taskId, int round, int attempt, Outcome outcome, Plan plan,
        String commit, List<Evidence> evidence, Verdict verdict, Failure failure, List<String> files, String diff)
        implements Payload.ResultMessage {

    public enum Outcome { PLANNED, COMMITTED, REVIEWED, FAILED }

    public WorkResult {
        Check.id(ticketId, "ticketId");
        Objects.requireNonNull(role, "role");
        Check.id(taskId, "taskId");
        Objects.requireNonNull(outcome, "outcome");
        evidence = Check.list(evidence, "evidence", 500);
        files = Check.list(files, "files", 10_000);
        diff = diff == null ? "" : Check.optional(diff, "diff", Check.MAX_DIFF);
        switch (outcome) {
            case PLANNED -> Objects.requireNonNull(plan, "plan");
            case COMMITTED -> Check.text(commit, "commit", 64);
            case REVIEWED -> Objects.requireNonNull(verdict, "verdict");
            case FAILED -> Objects.requireNonNull(failure, "failure");
        }
    }

    /** A result without a diff. */
    public WorkResult(String ticketId, Role role, String taskId, int round, int attempt, Outcome outcome, Plan plan,
            String commit, List<Evidence> evidence, Verdict verdict, Failure failure, List<String> files) {
        this(ticketId, role, taskId, round, attempt, outcome, plan, commit, evidence, verdict, failure, files, "");
    }

    public StageKey stageKey() {
        return new StageKey(ticketId, role, taskId, round, attempt);
    }

    public static WorkResult planned(WorkOrder order, Plan plan) {
        return new WorkResult(order.ticketId(), order.role(), order.taskId(), order.round(), order.attempt(),
                Outcome.PLANNED, plan, null, List.of(), null, null, List.of());
    }

    public static WorkResult committed(WorkOrder order, String commit, List<Evidence> evidence) {
        return committed(order, commit, evidence, List.of());
    }

    /** @param files the paths the task's commits changed, relative to the repository root */
    public static WorkResult committed(WorkOrder order, String commit, List<Evidence> evidence, List<String> files) {
        return committed(order, commit, evidence, files, "");
    }

    /** @param diff the commit's unified diff; cut to {@link Check#MAX_DIFF} here when longer */
    public static WorkResult committed(WorkOrder order, String commit, List<Evidence> evidence, List<String> files,
            String diff) {
        return new WorkResult(order.ticketId(), order.role(), order.taskId(), order.round(), order.attempt(),
                Outcome.COMMITTED, null, commit, evidence, null, null, files, capDiff(diff));
    }

    public static WorkResult reviewed(WorkOrder order, Verdict verdict) {
        return new WorkResult(order.ticketId(), order.role(), order.taskId(), order.round(), order.attempt(),
                Outcome.REVIEWED, null, null, List.of(), verdict, null, List.of());
    }

    public static WorkResult failed(WorkOrder order, ErrorCode code, String reason) {
        return new WorkResult(order.ticketId(), order.role(), order.taskId(), order.round(), order.attempt(),
                Outcome.FAILED, null, null, List.of(), null, new Failure(code, reason), List.of());
    }

    /** A unified diff cut to {@link Check#MAX_DIFF} characters, the cut marked at its end. */
    public static String capDiff(String diff) {
        return Check.cut(diff == null ? "" : diff, Check.MAX_DIFF);
    }

    /** What ran and how it ended, as the sandbox layer recorded it (never as the model reported it). */
    public record Evidence(String command, int exitCode, long durationMs, String output) {
        public Evidence {
            Check.text(command, "evidence.command", 4000);
            output = output == null ? "" : Check.optional(output, "evidence.output", Check.MAX_OUTPUT);
        }
    }

    /** A failed stage: a stable code and a reason a person can act on. */
    public record Failure(ErrorCode code, String reason) {
        public Failure {
            Objects.requireNonNull(code, "failure.code");
            reason = Check.optional(reason == null ? code.message() : reason, "failure.reason", Check.MAX_TEXT);
        }
    }
}
