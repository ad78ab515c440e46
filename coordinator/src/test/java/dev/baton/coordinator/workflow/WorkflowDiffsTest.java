package dev.baton.coordinator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.blackboard.TicketRecord;
import dev.baton.blackboard.Versioned;
import dev.baton.protocol.ControlCommand;
import dev.baton.protocol.HandoffEvent;
import dev.baton.protocol.Plan;
import dev.baton.protocol.Role;
import dev.baton.protocol.TicketState;
import dev.baton.protocol.WorkOrder;
import dev.baton.protocol.WorkResult;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plan in the PM's handoff, and each commit's diff stored and handed to the Engineer's next round. */
class WorkflowDiffsTest {
    final WorkflowTest flow = new WorkflowTest();
    final Workflow workflow = flow.workflow;

    WorkOrder toReview(WorkOrder engineer, String sha, String diff) {
        return flow.lastOrder(workflow.result(flow.stored,
                WorkResult.committed(engineer, sha, List.of(), List.of("a.py"), diff)));
    }

    @Test
    void shouldPutTheOutlineOfTheNewPlanInThePmsHandoff() {
        WorkOrder pm = flow.lastOrder(workflow.submitted(flow.ticket, false));
        var step = (Step.Apply) workflow.result(flow.stored, WorkResult.planned(pm, flow.plan));
        HandoffEvent handoff = step.emits().stream().filter(HandoffEvent.class::isInstance)
                .map(HandoffEvent.class::cast).findFirst().orElseThrow();
        assertThat(handoff.fromRole()).isEqualTo(Role.PM);
        assertThat(handoff.toRole()).isEqualTo(Role.ENGINEER);
        assertThat(handoff.plan().tasks()).extracting(t -> t.id() + ": " + t.title() + " " + t.criteria())
                .containsExactly("task-1: Do task-1 [done]", "task-2: Do task-2 [done]");
        WorkOrder review = toReview(flow.lastOrder(step), "aaa", "+a\n");
        var next = (Step.Apply) workflow.result(flow.stored, WorkResult.reviewed(review, WorkflowTest.verdict(true)));
        assertThat(next.emits()).filteredOn(HandoffEvent.class::isInstance)
                .allSatisfy(e -> assertThat(((HandoffEvent) e).plan()).isNull());
    }

    @Test
    void shouldStoreEachCommitsDiffAndSendThePreviousOneWithTheComments() {
        WorkOrder pm = flow.lastOrder(workflow.submitted(flow.ticket, false));
        WorkOrder first = flow.lastOrder(workflow.result(flow.stored, WorkResult.planned(pm, flow.plan)));
        assertThat(first.previousDiff()).isEmpty();
        WorkOrder review = toReview(first, "aaa", "+round one\n");
        assertThat(review.previousDiff()).isEmpty();
        assertThat(flow.stored.value().commits()).singleElement()
                .satisfies(c -> assertThat(c.diff()).isEqualTo("+round one\n"));

        WorkOrder second = flow.lastOrder(workflow.result(flow.stored,
                WorkResult.reviewed(review, WorkflowTest.verdict(false))));

        assertThat(second.round()).isEqualTo(2);
        assertThat(second.feedback()).containsExactly("done: why Change: fix");
        assertThat(second.previousDiff()).isEqualTo("+round one\n");
        WorkOrder review2 = toReview(second, "bbb", "+round two\n");
        WorkOrder nextTask = flow.lastOrder(workflow.result(flow.stored,
                WorkResult.reviewed(review2, WorkflowTest.verdict(true))));
        assertThat(nextTask.task().id()).isEqualTo("task-2");
        assertThat(nextTask.previousDiff()).isEmpty();
    }

    @Test
    void shouldSendThePreviousDiffAgainWhenARetriableFailureIsRetried() {
        WorkOrder pm = flow.lastOrder(workflow.submitted(flow.ticket, false));
        WorkOrder first = flow.lastOrder(workflow.result(flow.stored, WorkResult.planned(pm, flow.plan)));
        WorkOrder review = toReview(first, "aaa", "+round one\n");
        WorkOrder second = flow.lastOrder(workflow.result(flow.stored,
                WorkResult.reviewed(review, WorkflowTest.verdict(false))));
        flow.lastOrder(workflow.result(flow.stored,
                WorkResult.failed(second, dev.baton.protocol.ErrorCode.SANDBOX_ERROR, "docker is restarting")));

        WorkOrder retried = flow.lastOrder(new Deadlines(workflow).check(flow.stored,
                Instant.parse("2026-01-02T00:00:00Z")).orElseThrow());

        assertThat(retried.round()).isEqualTo(2);
        assertThat(retried.attempt()).isEqualTo(2);
        assertThat(retried.feedback()).containsExactly("done: why Change: fix");
        assertThat(retried.previousDiff()).isEqualTo("+round one\n");
    }

    @Test
    void shouldSendThePreviousDiffAgainWhenTheRoundIsDispatchedAgain() {
        WorkOrder pm = flow.lastOrder(workflow.submitted(flow.ticket, false));
        WorkOrder first = flow.lastOrder(workflow.result(flow.stored, WorkResult.planned(pm,
                new Plan("", List.of(WorkflowTest.task("task-1"))))));
        WorkOrder review = toReview(first, "aaa", "+round one\n");
        flow.lastOrder(workflow.result(flow.stored, WorkResult.reviewed(review, WorkflowTest.verdict(false))));

        var deadlines = new Deadlines(workflow);
        WorkOrder late = flow.lastOrder(deadlines.check(flow.stored, Instant.parse("2026-01-02T00:00:00Z")).orElseThrow());
        assertThat(late.attempt()).isEqualTo(2);
        assertThat(late.previousDiff()).isEqualTo("+round one\n");

        var control = new ControlFlow(workflow);
        flow.applied(control.apply(flow.stored, WorkflowTest.command(ControlCommand.FLEET, ControlCommand.Action.HALT)));
        Versioned<TicketRecord> halted = flow.stored;
        assertThat(halted.value().state()).isEqualTo(TicketState.HALTED);
        var resumed = flow.applied(control.apply(flow.stored,
                WorkflowTest.command(ControlCommand.FLEET, ControlCommand.Action.RESUME)));
        assertThat(resumed.emits()).filteredOn(WorkOrder.class::isInstance).singleElement()
                .satisfies(o -> assertThat(((WorkOrder) o).previousDiff()).isEqualTo("+round one\n"));
    }
}
