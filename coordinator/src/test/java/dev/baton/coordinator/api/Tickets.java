package dev.baton.coordinator.api;

import dev.baton.blackboard.Blackboard;
import dev.baton.blackboard.CasResult;
import dev.baton.blackboard.TicketRecord;
import dev.baton.protocol.Plan;
import dev.baton.protocol.Task;
import dev.baton.protocol.TicketState;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.protocol.Verdict;
import dev.baton.protocol.WorkResult.Evidence;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Tickets written straight to the blackboard in a given state, for API tests that need no agents. */
final class Tickets {
    private static final java.util.Set<TicketState> PAUSED =
            java.util.EnumSet.of(TicketState.BLOCKED_BUDGET, TicketState.HALTED, TicketState.AWAITING_APPROVAL);
    static final String DIFF = "diff --git a/greeting.txt b/greeting.txt\nnew file mode 100644\n--- /dev/null\n"
            + "+++ b/greeting.txt\n@@ -0,0 +1 @@\n+hello\n";

    private Tickets() {}

    static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static TicketRecord stored(Blackboard blackboard, String id, TicketState state) {
        var task = new Task("task-1", "Write a greeting", "say hello", List.of("greeting.txt"),
                List.of("greeting.txt says hello"), "cat greeting.txt");
        TicketRecord record = TicketRecord.submitted(new TicketSubmitted(id, "/tmp/repo.git", "main", "Greet " + id,
                        "Say hello.", "api-it"), Instant.now())
                .withPlan(new Plan("one task", List.of(task)))
                .withCommit(new TicketRecord.CommitRecord("task-1", 1, "abc123def456",
                        List.of(new Evidence("cat greeting.txt", 0, 12, "hello\n")), List.of("greeting.txt"), DIFF))
                .withReview(new TicketRecord.ReviewRecord("task-1", 1, "abc123def456",
                        new Verdict(Verdict.Decision.APPROVED,
                                List.of(new Verdict.CriterionVerdict("greeting.txt says hello", true, "it does", "")),
                                "fine")))
                .withResumeTo(PAUSED.contains(state) ? TicketState.IMPLEMENTING : null)
                .withState(state, "set by the test", Instant.now());
        if (blackboard.create(record, "create-" + id, List.of()) != CasResult.APPLIED) {
            throw new IllegalStateException("ticket " + id + " exists");
        }
        return record;
    }
}
