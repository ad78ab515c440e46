package dev.baton.blackboard;

import dev.baton.protocol.Check;
import dev.baton.protocol.Plan;
import dev.baton.protocol.Task;
import dev.baton.protocol.TicketState;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.protocol.Verdict;
import dev.baton.protocol.WorkResult.Evidence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The coordinator's view of one ticket, stored as one JSON document with a version. Immutable: every
 * change makes a new record, written with compare-and-set.
 *
 * @param taskIndex    the task being implemented or reviewed, from 0
 * @param round        the review round of the current task, from 1
 * @param attempt      the dispatch attempt of the current stage, from 1
 * @param head         the latest commit on the ticket's branch, null before the first
 * @param resumeTo     the state to resume to from BLOCKED_BUDGET, HALTED or AWAITING_APPROVAL
 * @param clock        when the current stage's work order was sent, taken up, or is to be retried
 */
public record TicketRecord(
        String id, TicketState state, TicketSubmitted ticket, Plan plan, int taskIndex, int round, int attempt,
        String head, String reason, TicketState resumeTo, List<CommitRecord> commits, List<ReviewRecord> reviews,
        Instant createdAt, Instant updatedAt, StageClock clock) {

    public TicketRecord {
        Check.id(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(ticket, "ticket");
        commits = Check.list(commits, "commits", 1000);
        reviews = Check.list(reviews, "reviews", 1000);
        reason = reason == null ? "" : reason;
        clock = clock == null ? StageClock.IDLE : clock;
    }

    public static TicketRecord submitted(TicketSubmitted ticket, Instant now) {
        return new TicketRecord(ticket.ticketId(), TicketState.SUBMITTED, ticket, null, 0, 1, 1, null, "", null,
                List.of(), List.of(), now, now, StageClock.IDLE);
    }

    public Task currentTask() {
        return plan == null ? null : plan.task(taskIndex);
    }

    public boolean hasNextTask() {
        return plan != null && taskIndex + 1 < plan.tasks().size();
    }

    public TicketRecord withState(TicketState next, String why, Instant now) {
        return new TicketRecord(id, next, ticket, plan, taskIndex, round, attempt, head, why, resumeTo, commits,
                reviews, createdAt, now, clock);
    }

    public TicketRecord withStage(int newTaskIndex, int newRound, int newAttempt) {
        return new TicketRecord(id, state, ticket, plan, newTaskIndex, newRound, newAttempt, head, reason, resumeTo,
                commits, reviews, createdAt, updatedAt, clock);
    }

    public TicketRecord withPlan(Plan newPlan) {
        return new TicketRecord(id, state, ticket, newPlan, taskIndex, round, attempt, head, reason, resumeTo,
                commits, reviews, createdAt, updatedAt, clock);
    }

    public TicketRecord withResumeTo(TicketState to) {
        return new TicketRecord(id, state, ticket, plan, taskIndex, round, attempt, head, reason, to, commits,
                reviews, createdAt, updatedAt, clock);
    }

    public TicketRecord withClock(StageClock newClock) {
        return new TicketRecord(id, state, ticket, plan, taskIndex, round, attempt, head, reason, resumeTo, commits,
                reviews, createdAt, updatedAt, newClock);
    }

    public TicketRecord withCommit(CommitRecord commit) {
        var all = new ArrayList<>(commits);
        all.add(commit);
        return new TicketRecord(id, state, ticket, plan, taskIndex, round, attempt, commit.sha(), reason, resumeTo,
                all, reviews, createdAt, updatedAt, clock);
    }

    public TicketRecord withReview(ReviewRecord review) {
        var all = new ArrayList<>(reviews);
        all.add(review);
        return new TicketRecord(id, state, ticket, plan, taskIndex, round, attempt, head, reason, resumeTo,
                commits, all, createdAt, updatedAt, clock);
    }

    /** Every path the Engineer's commits changed, for approval gates. */
    public List<String> changedFiles() {
        return commits.stream().flatMap(c -> c.files().stream()).distinct().toList();
    }

    /**
     * The Engineer's commit for one task and round, with the evidence the sandbox layer recorded.
     *
     * @param diff the commit's unified diff as the Engineer sent it (cut at {@link Check#MAX_DIFF}, the cut marked);
     *             empty for records stored before diffs were kept
     */
    public record CommitRecord(String taskId, int round, String sha, List<Evidence> evidence, List<String> files,
            String diff) {
        public CommitRecord {
            evidence = Check.list(evidence, "evidence", 500);
            files = Check.list(files, "files", 10_000);
            diff = diff == null ? "" : diff;
        }

        public CommitRecord(String taskId, int round, String sha, List<Evidence> evidence, List<String> files) {
            this(taskId, round, sha, evidence, files, "");
        }
    }

    /** The diff of the task's commit in the round before the current one: what the review comments are about. */
    public String previousDiff() {
        Task task = currentTask();
        if (task == null || round <= 1) {
            return "";
        }
        return commits.stream().filter(c -> c.taskId().equals(task.id()) && c.round() == round - 1)
                .reduce((a, b) -> b).map(CommitRecord::diff).orElse("");
    }

    /** The Reviewer's verdict for one task and round. */
    public record ReviewRecord(String taskId, int round, String commit, Verdict verdict) {}
}
