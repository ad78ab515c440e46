package dev.baton.launcher;

import static dev.baton.protocol.TicketState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.blackboard.TicketRecord;
import dev.baton.launcher.client.Submit;
import dev.baton.protocol.Codec;
import dev.baton.protocol.Decoded;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.HandoffEvent;
import dev.baton.protocol.Payload;
import dev.baton.protocol.Role;
import dev.baton.protocol.StageSummary;
import dev.baton.protocol.TicketState;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.protocol.Topics;
import dev.baton.testkit.BatonInfra;
import dev.baton.testkit.GitFixtures;
import dev.baton.testkit.GitRepo;
import dev.baton.testkit.KafkaBroker;
import dev.baton.testkit.RedisServer;
import dev.baton.testkit.ScriptedModelServer;
import dev.baton.testkit.TopicRecords;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A ticket through the whole team: real Kafka, Redis and git; the model is the scripted server. */
@BatonInfra
class EndToEndIT {
    static InProcessPlatform platform;
    static String bootstrap;
    static GitRepo hosted;
    static dev.baton.testkit.GitHttpServer gitHost;

    @BeforeAll
    static void start(KafkaBroker kafka, RedisServer redis, ScriptedModelServer model, GitFixtures git)
            throws Exception {
        bootstrap = kafka.bootstrapServers();
        new TeamScripts().install(model);
        hosted = git.createBare("hosted.git", Map.of("README.md", "# hosted\n"));
        gitHost = new dev.baton.testkit.GitHttpServer(hosted, "bot", InProcessPlatform.GIT_PASSWORD);
        platform = new InProcessPlatform(bootstrap, redis.uri(), model.baseUrl(), 2, gitHost.url());
    }

    @AfterAll
    static void stop() throws Exception {
        platform.close();
        gitHost.close();
    }

    @Test
    void shouldWorkThroughTheGitRelayWithoutAnyAgentHoldingTheCredential() throws Exception {
        var ticket = new TicketSubmitted("e-" + UUID.randomUUID().toString().substring(0, 8), "hosted", "main",
                "Greet [approve]", "Say hello in greeting.txt.", "it");
        Submit.send(bootstrap, ticket);

        TicketRecord done = awaitState(ticket.ticketId(), DELIVERED);

        assertThat(hosted.head(ticket.branch())).contains(done.head());
        assertThat(gitHost.authorizations()).isNotEmpty().allSatisfy(a -> assertThat(a).startsWith("Basic "));
        var calls = TopicRecords.readAll(bootstrap, Topics.EVENTS).stream()
                .map(r -> Codec.decode(r.value(), Payload.EventMessage.class))
                .filter(d -> d instanceof Decoded.Ok ok && ok.payload() instanceof dev.baton.protocol.GitCall c
                        && c.ticketId().equals(ticket.ticketId()))
                .map(d -> (dev.baton.protocol.GitCall) ((Decoded.Ok) d).payload())
                .toList();
        assertThat(calls).extracting(c -> c.role().id() + " " + c.operation() + " " + c.outcome())
                .contains("pm fetch relayed", "engineer fetch relayed", "engineer push relayed", "reviewer fetch relayed");
    }

    static TicketSubmitted submit(GitRepo repo, String title) throws Exception {
        var ticket = new TicketSubmitted("e-" + UUID.randomUUID().toString().substring(0, 8), repo.url(), "main",
                title, "Say hello in greeting.txt.", "it");
        Submit.send(bootstrap, ticket);
        return ticket;
    }

    static TicketRecord awaitState(String id, TicketState state) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> platform.coordinator.blackboard().ticket(id).map(v -> v.value()).orElse(null),
                        t -> t != null && t.state() == state);
    }

    static <T extends Payload.EventMessage> List<T> events(String id, Class<T> type) {
        return TopicRecords.readAll(bootstrap, Topics.EVENTS).stream()
                .map(r -> Codec.decode(r.value(), Payload.EventMessage.class))
                .filter(d -> d instanceof Decoded.Ok ok && type.isInstance(ok.payload()) && ok.payload().ticketId().equals(id))
                .map(d -> type.cast(((Decoded.Ok) d).payload()))
                .toList();
    }

    /** The ticket's state changes in order; notes that leave the state as it is (an agent took a stage up) are left out. */
    static List<HandoffEvent> events(String id) {
        return events(id, HandoffEvent.class).stream().filter(e -> e.from() != e.to()).toList();
    }

    @Test
    void shouldDeliverATicketThroughEveryRole(GitFixtures git, ScriptedModelServer model) throws Exception {
        GitRepo repo = git.createBare("hello.git", Map.of("README.md", "# hello\n"));
        TicketSubmitted ticket = submit(repo, "Greet [approve]");

        TicketRecord done = awaitState(ticket.ticketId(), DELIVERED);

        assertThat(repo.head(ticket.branch())).contains(done.head());
        assertThat(repo.fileAt(ticket.branch(), "greeting.txt")).hasValueSatisfying(s -> assertThat(s).startsWith("hello"));
        assertThat(repo.log(ticket.branch())).hasSize(2).first().asString().isEqualTo("Write a greeting");
        assertThat(repo.head("main")).isNotEqualTo(repo.head(ticket.branch()));
        assertThat(events(ticket.ticketId())).extracting(HandoffEvent::to)
                .containsExactly(SUBMITTED, PLANNING, IMPLEMENTING, REVIEWING, DELIVERING, DELIVERED);
        assertThat(done.plan().tasks()).singleElement().satisfies(t ->
                assertThat(t.acceptanceCriteria()).containsExactly(TeamScripts.CRITERION));
        assertThat(model.requests()).allSatisfy(r ->
                assertThat(r.header("authorization")).contains("Bearer " + InProcessPlatform.PROVIDER_KEY));
        assertThat(events(ticket.ticketId())).filteredOn(e -> e.fromRole() == Role.PM).singleElement()
                .satisfies(e -> assertThat(e.plan().tasks()).singleElement().satisfies(t -> {
                    assertThat(t.title()).isEqualTo("Write a greeting");
                    assertThat(t.criteria()).containsExactly(TeamScripts.CRITERION);
                    assertThat(t.files()).containsExactly("greeting.txt");
                }));
        List<StageSummary> stages = events(ticket.ticketId(), StageSummary.class);
        assertThat(stages).extracting(s -> s.role().id() + " " + s.outcome())
                .containsExactly("pm PLANNED", "engineer COMMITTED", "reviewer REVIEWED");
        assertThat(stages).allSatisfy(s -> {
            assertThat(s.steps()).isPositive();
            assertThat(s.tokensIn()).isPositive();
            assertThat(s.tokensOut()).isPositive();
            assertThat(s.code()).isEqualTo(ErrorCode.NONE);
            assertThat(platform.coordinator.blackboard().redis().get(s.transcriptKey())).contains("\"role\":\"system\"");
        });
        // the sandbox layer records the pinned checkout as a ToolCall too
        assertThat(stages.get(1).toolCalls()).containsExactlyInAnyOrderEntriesOf(Map.of("checkout", 1, "write_file", 1,
                "finish", 1));
        assertThat(stages.get(1).stopReason()).isEqualTo("finish accepted at step 2");
        assertThat(stages.get(1).transcriptPath())
                .isEqualTo("/api/tickets/" + ticket.ticketId() + "/transcripts/engineer/task-1/1/1");
    }

    @Test
    void shouldReturnToTheEngineerWhenTheReviewerAsksForChanges(GitFixtures git, ScriptedModelServer model)
            throws Exception {
        GitRepo repo = git.createBare("changes.git", Map.of("README.md", "# hello\n"));
        TicketSubmitted ticket = submit(repo, "Greet [changes-once]");

        TicketRecord done = awaitState(ticket.ticketId(), DELIVERED);

        assertThat(events(ticket.ticketId())).extracting(HandoffEvent::to).containsExactly(SUBMITTED, PLANNING,
                IMPLEMENTING, REVIEWING, CHANGES_REQUESTED, IMPLEMENTING, REVIEWING, DELIVERING, DELIVERED);
        assertThat(done.reviews()).hasSize(2);
        assertThat(repo.commitCount(ticket.branch())).isEqualTo(3);
        var first = done.commits().get(0);
        assertThat(first.round()).isEqualTo(1);
        assertThat(first.diff()).contains("+++ b/greeting.txt").contains("+hello, edit 1")
                .isEqualTo(git(repo, "diff", first.sha() + "~1", first.sha()));
        assertThat(done.commits().get(1).diff()).contains("-hello, edit 1").contains("+hello, edit 2");
        var secondRound = model.requests("engineer").stream()
                .map(r -> TeamScripts.user(r.body()))
                .filter(u -> u.contains(ticket.ticketId()) && u.contains("Review comments to address (round 2)"))
                .toList();
        assertThat(secondRound).isNotEmpty().allSatisfy(u -> assertThat(u)
                .contains("say hello, world")
                .contains("Your diff of round 1")
                .contains(first.diff().strip()));
    }

    static String git(GitRepo repo, String... args) throws Exception {
        var command = new java.util.ArrayList<>(List.of("git", "--git-dir", repo.path().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        return out;
    }

    @Test
    void shouldFailWhenTheReviewRoundsRunOut(GitFixtures git) throws Exception {
        GitRepo repo = git.createBare("never.git", Map.of("README.md", "# hello\n"));
        TicketSubmitted ticket = submit(repo, "Greet [never]");

        TicketRecord failed = awaitState(ticket.ticketId(), FAILED);

        assertThat(failed.reason()).contains("reviewed 2 time(s), the limit is 2");
        assertThat(failed.reviews()).hasSize(2);
        assertThat(events(ticket.ticketId())).last().satisfies(e -> {
            assertThat(e.to()).isEqualTo(FAILED);
            assertThat(e.reason()).contains("limit is 2");
        });
    }

    @Test
    void shouldBlockOnTheBudgetAndFinishWhenItIsRaised(GitFixtures git, ScriptedModelServer model) throws Exception {
        var budgets = new dev.baton.blackboard.budget.Budgets(platform.coordinator.blackboard().redis(),
                java.time.Clock.systemUTC());
        var cap = dev.baton.blackboard.budget.Cap.TICKET_USD;
        budgets.change(dev.baton.protocol.Role.ENGINEER, Map.of(cap, java.util.Optional.of(new java.math.BigDecimal("0.000001"))));
        try {
            GitRepo repo = git.createBare("budget.git", Map.of("README.md", "# hello\n"));
            TicketSubmitted ticket = submit(repo, "Greet [approve]");
            TicketRecord blocked = awaitState(ticket.ticketId(), BLOCKED_BUDGET);
            assertThat(blocked.reason()).contains("budget exceeded for role=engineer");
            assertThat(blocked.resumeTo()).isEqualTo(IMPLEMENTING);

            budgets.change(dev.baton.protocol.Role.ENGINEER, Map.of(cap, java.util.Optional.of(new java.math.BigDecimal("100"))));
            Submit.control(bootstrap, new dev.baton.protocol.ControlCommand(dev.baton.protocol.ControlCommand.FLEET,
                    dev.baton.protocol.ControlCommand.Action.UNBLOCK, "budget raised", "it"));

            awaitState(ticket.ticketId(), DELIVERED);
            assertThat(events(ticket.ticketId())).extracting(HandoffEvent::to).containsSubsequence(
                    IMPLEMENTING, BLOCKED_BUDGET, IMPLEMENTING, REVIEWING, DELIVERED);
            assertThat(budgets.spentOnTicket(dev.baton.protocol.Role.ENGINEER, ticket.ticketId()))
                    .isPositive().isLessThanOrEqualTo(new java.math.BigDecimal("100"));
        } finally {
            budgets.change(dev.baton.protocol.Role.ENGINEER, Map.of(cap, java.util.Optional.empty()));
        }
    }

    static List<dev.baton.protocol.ToolCall> toolCalls(String id) {
        return events(id, dev.baton.protocol.ToolCall.class);
    }

    @Test
    void shouldSendAnInvalidPlanBackOnceAndProceedWhenTheSecondIsValid(GitFixtures git, ScriptedModelServer model)
            throws Exception {
        TicketSubmitted ticket = submit(git.createBare("plan1.git", Map.of("README.md", "# x\n")), "Greet [bad-plan-once]");
        TicketRecord done = awaitState(ticket.ticketId(), DELIVERED);
        assertThat(done.plan().tasks()).hasSize(1);
        assertThat(toolCalls(ticket.ticketId())).filteredOn(c -> c.tool().equals("submit_plan")).hasSize(2)
                .first().satisfies(c -> assertThat(c.output()).contains("invalid plan")
                        .contains("/tasks/0: required property 'description' not found"));
        assertThat(model.requests("pm").stream().map(r -> r.body().toString())
                .filter(b -> b.contains(ticket.ticketId())).toList()).hasSize(2).last().asString()
                .contains("/tasks/0: required property 'acceptanceCriteria' not found")
                .contains("/tasks/0/title: must be at least 3 characters long");
    }

    @Test
    void shouldFailTheTicketWhenThePlanIsInvalidTwice(GitFixtures git) throws Exception {
        TicketSubmitted ticket = submit(git.createBare("plan2.git", Map.of("README.md", "# x\n")), "Greet [bad-plan]");
        TicketRecord failed = awaitState(ticket.ticketId(), FAILED);
        assertThat(failed.reason()).contains("pm failed").contains("rejected twice").contains("invalid plan")
                .contains("/tasks/0: required property 'testCommand' not found");
        assertThat(events(ticket.ticketId(), StageSummary.class)).singleElement().satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(dev.baton.protocol.WorkResult.Outcome.FAILED);
            assertThat(s.code()).isEqualTo(ErrorCode.AGENT_FAILED);
            assertThat(s.stopReason()).contains("rejected twice");
            assertThat(s.steps()).isEqualTo(2);
            assertThat(s.toolCalls()).containsEntry("submit_plan", 2);
        });
    }

    @Test
    void shouldRefuseToolsARoleDoesNotHaveAndRunNothing(GitFixtures git) throws Exception {
        TicketSubmitted pm = submit(git.createBare("roles1.git", Map.of("README.md", "# x\n")), "Greet [pm-writes]");
        TicketSubmitted reviewer = submit(git.createBare("roles2.git", Map.of("README.md", "# x\n")), "Greet [reviewer-runs]");
        awaitState(pm.ticketId(), DELIVERED);
        awaitState(reviewer.ticketId(), DELIVERED);
        assertThat(toolCalls(pm.ticketId())).filteredOn(c -> c.tool().equals("write_file") && c.role() == dev.baton.protocol.Role.PM)
                .singleElement().satisfies(c -> {
                    assertThat(c.refused()).isTrue();
                    assertThat(c.output()).contains("not available to the pm");
                });
        assertThat(toolCalls(reviewer.ticketId())).filteredOn(c -> c.tool().equals("run_command"))
                .singleElement().satisfies(c -> assertThat(c.refused()).isTrue());
    }

    @Test
    void shouldStopAnEngineerThatRepeatsTheSameFailingAction(GitFixtures git) throws Exception {
        TicketSubmitted ticket = submit(git.createBare("stuck.git", Map.of("README.md", "# x\n")), "Greet [stuck]");
        TicketRecord failed = awaitState(ticket.ticketId(), FAILED);
        assertThat(failed.reason()).contains("engineer failed").contains("stuck");
    }

    @Test
    void shouldRetryUpstreamErrorsAndTimeoutsAndStillDeliver(GitFixtures git, ScriptedModelServer model) throws Exception {
        TicketSubmitted ticket = submit(git.createBare("flaky.git", Map.of("README.md", "# x\n")), "Greet [flaky]");
        awaitState(ticket.ticketId(), DELIVERED);
        assertThat(model.requests("engineer").stream().filter(r -> r.body().toString().contains(ticket.ticketId())).count())
                .isGreaterThanOrEqualTo(4);
    }

    static List<String> sandboxesOf(String ticket) throws Exception {
        // Warm-pool sandboxes are named for their task when acquired (labels cannot change after creation).
        Process ps = new ProcessBuilder("docker", "ps", "-aq", "--filter", "name=baton-sbx-" + ticket + "-")
                .redirectErrorStream(true).start();
        String out = new String(ps.getInputStream().readAllBytes());
        ps.waitFor();
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void shouldHaltMidRunDestroyTheSandboxRefuseModelCallsAndFinishOnResume(GitFixtures git, ScriptedModelServer model)
            throws Exception {
        TicketSubmitted ticket = submit(git.createBare("halt.git", Map.of("README.md", "# x\n")), "Greet [slow]");
        // Halt while the Engineer's sandbox runs its long command (the model asked for it in its first call).
        await().atMost(Duration.ofSeconds(90)).until(() -> model.requests("engineer").stream()
                .anyMatch(r -> r.body().toString().contains(ticket.ticketId())));
        await().atMost(Duration.ofSeconds(30)).until(() -> !sandboxesOf(ticket.ticketId()).isEmpty());
        Thread.sleep(1000);
        long before = model.requests("engineer").stream().filter(r -> r.body().toString().contains(ticket.ticketId())).count();

        Submit.control(bootstrap, new dev.baton.protocol.ControlCommand(dev.baton.protocol.ControlCommand.FLEET,
                dev.baton.protocol.ControlCommand.Action.HALT, "incident", "it"));
        try {
            awaitState(ticket.ticketId(), HALTED);
            await().atMost(Duration.ofSeconds(30)).until(() -> sandboxesOf(ticket.ticketId()).isEmpty());
            Thread.sleep(2000);
            assertThat(model.requests("engineer").stream().filter(r -> r.body().toString().contains(ticket.ticketId())).count())
                    .as("model calls that reached the provider after the halt").isEqualTo(before);
        } finally {
            Submit.control(bootstrap, new dev.baton.protocol.ControlCommand(dev.baton.protocol.ControlCommand.FLEET,
                    dev.baton.protocol.ControlCommand.Action.RESUME, "all clear", "it"));
        }
        TicketRecord done = awaitState(ticket.ticketId(), DELIVERED);
        assertThat(done.commits()).isNotEmpty();
    }
}
