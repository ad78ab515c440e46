package dev.baton.bench;

import dev.baton.agent.work.Agent;
import dev.baton.protocol.Plan;
import dev.baton.protocol.Role;
import dev.baton.protocol.Task;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.protocol.Verdict;
import dev.baton.protocol.WorkOrder;
import dev.baton.protocol.WorkResult;
import java.util.List;

/** The instant model: each role's answer, made at once from the work order, with no model and no tool call. */
final class InstantWork {
    static final String CRITERION = "the change is made";
    private static final Plan PLAN = new Plan("one task",
            List.of(new Task("task-1", "Make the change", "", List.of("README.md"), List.of(CRITERION), null)));
    private static final Verdict APPROVED = new Verdict(Verdict.Decision.APPROVED,
            List.of(new Verdict.CriterionVerdict(CRITERION, true, "done", "")), "approved");
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    private InstantWork() {}

    static TicketSubmitted ticket(String id) {
        return new TicketSubmitted(id, "file:///bench/repo.git", "main", "Benchmark ticket " + id,
                "Change nothing; this ticket measures the control plane.", "bench");
    }

    /** The result the role's agent gives for {@code order}: a one-task plan, a commit, an approval. */
    static WorkResult answer(WorkOrder order) {
        return switch (order.role()) {
            case PM -> WorkResult.planned(order, PLAN);
            case ENGINEER -> WorkResult.committed(order, COMMIT, List.of(), List.of("README.md"));
            case REVIEWER -> WorkResult.reviewed(order, APPROVED);
        };
    }

    static Agent agent(Role role) {
        return (order, events) -> answer(order);
    }
}
