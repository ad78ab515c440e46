package dev.baton.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Work for one role on one stage of a ticket. A stage is identified by {@link #stageKey()}; agents are
 * idempotent on it, so a redelivered order never does the work twice.
 *
 * @param taskId   the task, or {@code plan} for the PM
 * @param round    the review round, from 1
 * @param attempt  the dispatch attempt of this stage, from 1 (a re-dispatch after a deadline increments it)
 * @param token    the per-task token the agent presents to the vault proxy
 * @param task     the task to implement or review; null for the PM
 * @param head     the commit to review, or the previous commit when changes were requested
 * @param feedback review comments to address, empty on the first round
 * @param evidence for the Reviewer: what ran in the sandbox for the commit under review, as the sandbox layer
 *                 recorded it (never as the Engineer reported it)
 * @param previousDiff for the Engineer from round 2: the unified diff of its previous round's commit for this task,
 *                 which the review comments are about (at most {@link Check#MAX_DIFF} characters, a cut marked);
 *                 empty otherwise
 */
public record WorkOrder(
        String ticketId, Role role, String taskId, int round, int attempt, String token, TicketSubmitted ticket,
        Task task, String branch, String head, List<String> feedback, Instant deadline,
        List<WorkResult.Evidence> evidence, String previousDiff) implements Payload.WorkMessage {

    public static final String PLAN_TASK = "plan";

    public WorkOrder {
        Check.id(ticketId, "ticketId");
        Objects.requireNonNull(role, "role");
        Check.id(taskId, "taskId");
        if (round < 1 || attempt < 1) {
            throw new IllegalArgumentException("round and attempt start at 1");
        }
        Objects.requireNonNull(ticket, "ticket");
        Objects.requireNonNull(branch, "branch");
        feedback = Check.list(feedback, "feedback", Check.MAX_LIST);
        evidence = Check.list(evidence, "evidence", 500);
        previousDiff = previousDiff == null ? "" : Check.optional(previousDiff, "previousDiff", Check.MAX_DIFF);
        if (role != Role.PM && task == null) {
            throw new IllegalArgumentException("a " + role.id() + " work order needs a task");
        }
    }

    /** An order without a previous diff. */
    public WorkOrder(String ticketId, Role role, String taskId, int round, int attempt, String token,
            TicketSubmitted ticket, Task task, String branch, String head, List<String> feedback, Instant deadline,
            List<WorkResult.Evidence> evidence) {
        this(ticketId, role, taskId, round, attempt, token, ticket, task, branch, head, feedback, deadline, evidence,
                "");
    }

    public StageKey stageKey() {
        return new StageKey(ticketId, role, taskId, round, attempt);
    }
}
