package dev.baton.coordinator.workflow;

import static dev.baton.protocol.TicketState.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.blackboard.TicketRecord;
import dev.baton.blackboard.Versioned;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.HandoffEvent;
import dev.baton.protocol.Plan;
import dev.baton.protocol.Role;
import dev.baton.protocol.Task;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.protocol.Verdict;
import dev.baton.protocol.WorkOrder;
import dev.baton.protocol.WorkResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkflowTest {
    final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    final StagePolicy policy = StagePolicy.uniform(Duration.ofMinutes(5), Duration.ofMinutes(5), 2, Duration.ofSeconds(2));
    final Workflow workflow = new Workflow(new Dispatcher((s, ttl) -> "tok", policy, clock), 2, GatePolicy.NONE, clock);
    final TicketSubmitted ticket = new TicketSubmitted("t-1", "file:///r.git", null, "Title", "", "me");
    final Plan plan = new Plan("", List.of(task("task-1"), task("task-2")));

    static Task task(String id) {
        return new Task(id, "Do " + id, "", List.of(), List.of("done"), null);
    }

    Versioned<TicketRecord> stored = null;
    long version = 0;

    WorkOrder lastOrder(Step step) {
        var apply = (Step.Apply) step;
        stored = new Versioned<>(apply.next(), ++version);
        return apply.emits().stream().filter(WorkOrder.class::isInstance).map(WorkOrder.class::cast)
                .reduce((a, b) -> b).orElse(null);
    }

    static Verdict verdict(boolean approve) {
        return new Verdict(approve ? Verdict.Decision.APPROVED : Verdict.Decision.CHANGES_REQUESTED,
                List.of(new Verdict.CriterionVerdict("done", approve, "why", approve ? "" : "fix")), "");
    }

    @Test
    void shouldWalkEveryTaskThroughEngineerAndReviewerThenDeliver() {
        WorkOrder pm = lastOrder(workflow.submitted(ticket, false));
        assertThat(pm.role()).isEqualTo(Role.PM);
        WorkOrder eng1 = lastOrder(workflow.result(stored, WorkResult.planned(pm, plan)));
        assertThat(eng1.task().id()).isEqualTo("task-1");
        WorkOrder rev1 = lastOrder(workflow.result(stored, WorkResult.committed(eng1, "aaa", List.of())));
        assertThat(rev1.role()).isEqualTo(Role.REVIEWER);
        assertThat(rev1.head()).isEqualTo("aaa");
        WorkOrder eng2 = lastOrder(workflow.result(stored, WorkResult.reviewed(rev1, verdict(true))));
        assertThat(eng2.task().id()).isEqualTo("task-2");
        WorkOrder rev2 = lastOrder(workflow.result(stored, WorkResult.committed(eng2, "bbb", List.of())));
        Step last = workflow.result(stored, WorkResult.reviewed(rev2, verdict(true)));
        assertThat(((Step.Apply) last).next().state()).isEqualTo(DELIVERED);
        assertThat(((Step.Apply) last).emits()).extracting(p -> ((HandoffEvent) p).to())
                .containsExactly(DELIVERING, DELIVERED);
    }

    @Test
    void shouldSendCommentsBackAndFailWhenRoundsRunOut() {
        WorkOrder pm = lastOrder(workflow.submitted(ticket, false));
        WorkOrder eng = lastOrder(workflow.result(stored, WorkResult.planned(pm, plan)));
        WorkOrder rev = lastOrder(workflow.result(stored, WorkResult.committed(eng, "aaa", List.of())));
        WorkOrder again = lastOrder(workflow.result(stored, WorkResult.reviewed(rev, verdict(false))));
        assertThat(again.round()).isEqualTo(2);
        assertThat(again.feedback()).containsExactly("done: why Change: fix");
        assertThat(again.head()).isEqualTo("aaa");
        WorkOrder rev2 = lastOrder(workflow.result(stored, WorkResult.committed(again, "bbb", List.of())));
        Step end = workflow.result(stored, WorkResult.reviewed(rev2, verdict(false)));
        assertThat(((Step.Apply) end).next().state()).isEqualTo(FAILED);
        assertThat(((Step.Apply) end).next().reason()).contains("the limit is 2");
    }

    @Test
    void shouldBlockOnBudgetAndRefuseResultsOfOtherStages() {
        WorkOrder pm = lastOrder(workflow.submitted(ticket, false));
        Step blocked = workflow.result(stored, WorkResult.failed(pm, ErrorCode.BUDGET_EXCEEDED, "over the day cap"));
        assertThat(((Step.Apply) blocked).next().state()).isEqualTo(BLOCKED_BUDGET);
        assertThat(((Step.Apply) blocked).next().resumeTo()).isEqualTo(PLANNING);

        var staleAttempt = new WorkOrder("t-1", Role.PM, "plan", 1, 2, "", ticket, null, "baton/t-1", null, List.of(), null, List.of());
        Step refused = workflow.result(stored, WorkResult.planned(staleAttempt, plan));
        assertThat(refused).isInstanceOfSatisfying(Step.Refuse.class,
                r -> assertThat(r.code()).isEqualTo(ErrorCode.STALE_RESULT));
    }

    Step.Apply applied(java.util.Optional<Step> step) {
        return applied(step.orElseThrow());
    }

    Step.Apply applied(Step step) {
        var apply = (Step.Apply) step;
        stored = new Versioned<>(apply.next(), ++version);
        return apply;
    }

    static dev.baton.protocol.ControlCommand command(String ticket, dev.baton.protocol.ControlCommand.Action action) {
        return new dev.baton.protocol.ControlCommand(ticket, action, "because", "ops");
    }

    @Test
    void shouldHoldAGatedPlanForApprovalAndResumeWhenApproved() {
        var gates = new GatePolicy(List.of(new GatePolicy.Rule("migrations", GatePolicy.Stage.BEFORE_IMPLEMENTING,
                List.of("db/**"))));
        var gated = new Workflow(new Dispatcher((s, ttl) -> "tok", policy, clock), 2, gates, clock);
        var control = new ControlFlow(gated);
        WorkOrder pm = lastOrder(gated.submitted(ticket, false));
        var migration = new Plan("", List.of(new Task("task-1", "Migrate", "", List.of("db/001.sql"), List.of("done"), null)));
        var held = (Step.Apply) gated.result(stored, WorkResult.planned(pm, migration));
        assertThat(held.next().state()).isEqualTo(AWAITING_APPROVAL);
        assertThat(held.next().reason()).contains("gate 'migrations' matches db/001.sql");
        assertThat(held.emits()).noneMatch(WorkOrder.class::isInstance);
        stored = new Versioned<>(held.next(), ++version);

        var approved = applied(control.apply(stored, command("t-1", dev.baton.protocol.ControlCommand.Action.APPROVE)));
        assertThat(approved.next().state()).isEqualTo(IMPLEMENTING);
        assertThat(approved.emits()).anyMatch(p -> p instanceof WorkOrder o && o.role() == Role.ENGINEER);
        assertThat(control.apply(stored, command("t-1", dev.baton.protocol.ControlCommand.Action.APPROVE)))
                .get().isInstanceOf(Step.Refuse.class);
    }

    @Test
    void shouldHaltWorkingTicketsAndResumeThemAsANewAttempt() {
        var control = new ControlFlow(workflow);
        WorkOrder pm = lastOrder(workflow.submitted(ticket, false));
        WorkOrder eng = lastOrder(workflow.result(stored, WorkResult.planned(pm, plan)));
        var halted = applied(control.apply(stored,
                command(dev.baton.protocol.ControlCommand.FLEET, dev.baton.protocol.ControlCommand.Action.HALT)));
        assertThat(halted.next().state()).isEqualTo(HALTED);
        assertThat(halted.next().clock().outstanding()).isFalse();
        assertThat(halted.revokeTokens()).as("the halted stage's token is revoked").isNotNull();
        assertThat(workflow.result(stored, WorkResult.committed(eng, "aaa", List.of())))
                .isInstanceOf(Step.Refuse.class);
        var resumed = applied(control.apply(stored,
                command(dev.baton.protocol.ControlCommand.FLEET, dev.baton.protocol.ControlCommand.Action.RESUME)));
        assertThat(resumed.next().state()).isEqualTo(IMPLEMENTING);
        WorkOrder again = resumed.emits().stream().filter(WorkOrder.class::isInstance).map(WorkOrder.class::cast)
                .findFirst().orElseThrow();
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(workflow.result(stored, WorkResult.committed(eng, "aaa", List.of()))).isInstanceOf(Step.Refuse.class);
        assertThat(workflow.result(stored, WorkResult.committed(again, "aaa", List.of()))).isInstanceOf(Step.Apply.class);
    }

    @Test
    void shouldRedispatchAfterADeadlineThenFailAfterTheLastAttempt() {
        var deadlines = new Deadlines(workflow);
        lastOrder(workflow.submitted(ticket, false));
        assertThat(deadlines.check(stored, clock.instant().plus(Duration.ofMinutes(4)))).isEmpty();
        var retry = applied(deadlines.check(stored, clock.instant().plus(Duration.ofMinutes(6))));
        assertThat(retry.next().attempt()).isEqualTo(2);
        assertThat(retry.emits()).anyMatch(p -> p instanceof WorkOrder o && o.attempt() == 2);
        assertThat(deadlines.dueAt(retry.next())).contains(clock.instant().plus(Duration.ofMinutes(10)));
        var failed = applied(deadlines.check(stored, clock.instant().plus(Duration.ofMinutes(11))));
        assertThat(failed.next().state()).isEqualTo(FAILED);
        assertThat(failed.next().reason()).contains("limit is 2 attempt(s)");
    }

    @Test
    void shouldCountTheRoleDeadlineFromWhenAnAgentTookTheOrderUp() {
        var policy = new StagePolicy(java.util.Map.of(Role.PM, Duration.ofMinutes(1), Role.ENGINEER, Duration.ofMinutes(20),
                Role.REVIEWER, Duration.ofMinutes(3)), Duration.ofMinutes(10), 3, Duration.ofSeconds(2));
        var later = Clock.offset(clock, Duration.ofMinutes(8));
        var flow = new Workflow(new Dispatcher((s, ttl) -> "tok", policy, clock), 2, GatePolicy.NONE, later);
        var deadlines = new Deadlines(flow);
        WorkOrder pm = lastOrder(flow.submitted(ticket, false));
        assertThat(deadlines.dueAt(stored.value())).as("queued: the queue deadline from dispatch")
                .contains(later.instant().plus(Duration.ofMinutes(10)));
        var started = (Step.Apply) flow.started(stored, dev.baton.protocol.StageStarted.of(pm, "pm-1")).orElseThrow();
        assertThat(started.revokeTokens()).as("taking the order up keeps its token").isNull();
        assertThat(started.emits()).singleElement().isInstanceOfSatisfying(HandoffEvent.class,
                e -> assertThat(e.reason()).contains("pm-1 took up plan attempt 1"));
        lastOrder(started);
        assertThat(deadlines.dueAt(stored.value())).as("taken up: the PM's deadline from then")
                .contains(later.instant().plus(Duration.ofMinutes(1)));
        var otherAttempt = new WorkOrder(pm.ticketId(), pm.role(), pm.taskId(), pm.round(), 2, "tok", pm.ticket(),
                null, pm.branch(), null, List.of(), pm.deadline(), List.of());
        assertThat(flow.started(stored, dev.baton.protocol.StageStarted.of(otherAttempt, "pm-2")))
                .as("another attempt's start changes nothing").isEmpty();
    }

    @Test
    void shouldRetryARetriableFailureAfterABackoffThenFailAfterTheLastAttempt() {
        var deadlines = new Deadlines(workflow);
        WorkOrder pm = lastOrder(workflow.submitted(ticket, false));
        var failed = applied(workflow.result(stored, WorkResult.failed(pm, ErrorCode.MODEL_ERROR, "proxy down")));
        assertThat(failed.next().state()).isEqualTo(PLANNING);
        assertThat(failed.next().clock().retryAt()).isEqualTo(clock.instant().plus(Duration.ofSeconds(2)));
        assertThat(failed.revokeTokens()).as("the failed attempt's token is revoked").isNotNull();
        assertThat(failed.emits()).singleElement().isInstanceOfSatisfying(HandoffEvent.class,
                e -> assertThat(e.reason()).contains("MODEL_ERROR").contains("attempt 2 in 2000 ms"));
        assertThat(workflow.result(stored, WorkResult.failed(pm, ErrorCode.MODEL_ERROR, "again")))
                .as("a duplicate answer while waiting to retry is stale").isInstanceOf(Step.Refuse.class);
        assertThat(deadlines.check(stored, clock.instant().plus(Duration.ofSeconds(1)))).isEmpty();
        var retry = applied(deadlines.check(stored, clock.instant().plus(Duration.ofSeconds(2))));
        WorkOrder second = retry.emits().stream().filter(WorkOrder.class::isInstance).map(WorkOrder.class::cast)
                .findFirst().orElseThrow();
        assertThat(second.attempt()).isEqualTo(2);
        var last = applied(workflow.result(stored, WorkResult.failed(second, ErrorCode.TOKEN_EXPIRED, "expired")));
        assertThat(last.next().state()).isEqualTo(FAILED);
        assertThat(last.next().reason()).contains("TOKEN_EXPIRED").contains("last of 2 attempt(s)");
    }

    @Test
    void shouldFailAtOnceOnANonRetriableFailure() {
        WorkOrder pm = lastOrder(workflow.submitted(ticket, false));
        var failed = applied(workflow.result(stored, WorkResult.failed(pm, ErrorCode.AGENT_FAILED, "no plan")));
        assertThat(failed.next().state()).isEqualTo(FAILED);
        assertThat(failed.next().reason()).isEqualTo("pm failed: no plan");
    }

    @Test
    void shouldRevokeTheTokenOfAnAnsweredStageButNotTheNextOne() {
        WorkOrder pm = lastOrder(workflow.submitted(ticket, false));
        var planned = applied(workflow.result(stored, WorkResult.planned(pm, plan)));
        assertThat(planned.revokeTokens()).isEqualTo(clock.instant().minusMillis(1));
    }
}
