package dev.baton.engineer.sandbox;

import static dev.baton.testkit.ScriptedReply.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.agent.AgentConfig;
import dev.baton.agent.tools.AgentFailure;
import dev.baton.engineer.EngineerAgent;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Json;
import dev.baton.protocol.Payload;
import dev.baton.protocol.Role;
import dev.baton.protocol.Task;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.protocol.ToolCall;
import dev.baton.protocol.WorkOrder;
import dev.baton.protocol.WorkResult;
import dev.baton.testkit.GitFixtures;
import dev.baton.testkit.GitRepo;
import dev.baton.testkit.ScriptedModelServer;
import dev.baton.testkit.ScriptedReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the engineer's branch: pinned shallow checkout, one commit per stage, no secret committed (real Docker, git)")
class EngineerBranchIT {
    private static final String TESTS = "python3 -m pytest -q";
    private static final String FIXED = "def add(a, b):\n    return a + b\n";
    private static final String AWS_KEY = "AKIA" + "QWERTYUIOPASDFGH";
    private static final String PRIVATE_KEY = "-----BEGIN RSA " + "PRIVATE KEY-----\nMIIEowIBAAKCAQEAq7BFUpkGp3+LQmlQ\n"
            + "-----END RSA " + "PRIVATE KEY-----\n";

    @TempDir
    static Path workRoot;
    @TempDir
    static Path agentDir;
    static ScriptedModelServer model;
    static DockerConnection docker;
    static SandboxPool pool;
    static EngineerAgent agent;
    static GitFixtures repos;

    @BeforeAll
    static void start() {
        model = ScriptedModelServer.start();
        docker = SandboxTesting.docker();
        pool = new SandboxPool(new SandboxFactory(docker, SandboxTesting.options(workRoot).build()));
        agent = new EngineerAgent(new AgentConfig(Role.ENGINEER, "127.0.0.1:1", "redis://127.0.0.1:1",
                "http://127.0.0.1:" + model.port(), 10, Duration.ofSeconds(60), agentDir), pool);
        repos = GitFixtures.inTempDir();
    }

    @AfterAll
    static void stop() {
        pool.close();
        docker.close();
        model.close();
        repos.close();
    }

    @Nested
    @DisplayName("checkout")
    class Checkout {
        @Test
        @DisplayName("the ticket branch is pinned to one commit, fetched shallow, and the pin is recorded")
        void shouldCheckOutPinnedCommitShallowWhenBranchExists() throws Exception {
            GitRepo origin = calcRepo("pin");
            for (int i = 0; i < 25; i++) {
                origin.commit("main", Map.of("history.txt", "line " + i + "\n"), "history " + i);
            }
            String pinned = origin.commit("baton/T-pin", Map.of("notes.txt", "earlier task\n"), "earlier task");
            var seen = new CopyOnWriteArrayList<String>();
            model.script("engineer", Conversation.of(writeFix(), finish())
                    .before(1, () -> seen.addAll(gitDirState())));
            List<Payload> events = new CopyOnWriteArrayList<>();

            WorkResult result = agent.work(order("T-pin", origin, 1, 1), events::add);

            assertThat(events).filteredOn(e -> e instanceof ToolCall t && t.tool().equals("checkout"))
                    .extracting(e -> ((ToolCall) e).output()).containsExactly("checked out refs/heads/baton/T-pin at "
                            + pinned + " (shallow, depth 20) as baton/T-pin");
            assertThat(seen).as("commits in the git directory, whether shallow, whether inside the workspace")
                    .containsExactly("20", "shallow", "no .git in the workspace");
            assertThat(origin.head("baton/T-pin")).hasValue(result.commit());
            assertThat(origin.log("baton/T-pin")).element(1).isEqualTo("earlier task");
        }
    }

    @Nested
    @DisplayName("one commit per ticket, task and round")
    class Idempotent {
        @Test
        @DisplayName("the same order delivered again (next attempt) answers the pushed commit without redoing the work")
        void shouldAnswerPushedCommitWhenOrderDeliveredAgain() throws Exception {
            GitRepo origin = calcRepo("again");
            WorkResult first = fixed("T-again", origin);

            int calls = model.requests("engineer").size();
            List<Payload> events = new CopyOnWriteArrayList<>();
            WorkResult second = agent.work(order("T-again", origin, 1, 2), events::add);

            assertThat(second.commit()).isEqualTo(first.commit());
            assertThat(model.requests("engineer")).as("no model call for work already done").hasSize(calls);
            assertThat(origin.commitCount("baton/T-again")).isEqualTo(origin.commitCount("main") + 1);
            assertThat(second.evidence()).as("the tests run again in the sandbox, at that commit")
                    .extracting(WorkResult.Evidence::exitCode).containsExactly(0);
            assertThat(second.files()).containsExactly("calc.py");
            assertThat(events).filteredOn(e -> e instanceof ToolCall t && "run_tests".equals(t.tool())).hasSize(1);
        }

        @Test
        @DisplayName("a later round of the same task is new work")
        void shouldWorkAgainWhenRoundIsNew() throws Exception {
            GitRepo origin = calcRepo("round");
            WorkResult round1 = fixed("T-round", origin);
            model.script("engineer", Conversation.of(write("NOTES.md", "round two\n"), finish()));

            WorkResult round2 = agent.work(order("T-round", origin, 2, 1), e -> { });

            assertThat(round2.commit()).isNotEqualTo(round1.commit());
            assertThat(origin.head("baton/T-round")).hasValue(round2.commit());
            assertThat(origin.fileAt("baton/T-round", "NOTES.md")).hasValue("round two\n");
        }

        @Test
        @DisplayName("two attempts running at once push one commit; the later one answers the winner's commit")
        void shouldPushOneCommitWhenTwoAttemptsRunConcurrently() throws Exception {
            GitRepo origin = calcRepo("race");
            var bothDone = new CyclicBarrier(2);
            model.script("engineer", Conversation.of(writeFix(), toolCall("run_tests", "{}"), finish())
                    .before(2, () -> await(bothDone)));

            List<WorkResult> results;
            try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                var one = CompletableFuture.supplyAsync(() -> work(order("T-race", origin, 1, 1)), threads);
                var two = CompletableFuture.supplyAsync(() -> work(order("T-race", origin, 1, 2)), threads);
                results = List.of(one.get(5, TimeUnit.MINUTES), two.get(5, TimeUnit.MINUTES));
            }

            assertThat(results).extracting(WorkResult::commit).containsOnly(origin.head("baton/T-race").orElseThrow());
            assertThat(origin.commitCount("baton/T-race")).isEqualTo(origin.commitCount("main") + 1);
            assertThat(results).allSatisfy(r -> assertThat(r.evidence()).extracting(WorkResult.Evidence::exitCode)
                    .last().isEqualTo(0));
        }

        @Test
        @DisplayName("a branch another writer moved meanwhile is never force-pushed: a retriable PUSH_CONFLICT")
        void shouldRefuseWithRetriableConflictWhenBranchMovedMeanwhile() {
            GitRepo origin = calcRepo("moved");
            var foreign = new String[1];
            model.script("engineer", Conversation.of(writeFix(), finish()).before(1, () -> foreign[0] =
                    origin.commit("baton/T-moved", Map.of("other.txt", "someone else\n"), "someone else")));

            assertThatThrownBy(() -> agent.work(order("T-moved", origin, 1, 1), e -> { }))
                    .isInstanceOfSatisfying(AgentFailure.class, f -> {
                        assertThat(f.code()).isEqualTo(ErrorCode.PUSH_CONFLICT);
                        assertThat(f.code().retriable()).isTrue();
                    })
                    .hasMessageContaining("the branch moved from").hasMessageContaining("nothing was force-pushed");
            assertThat(origin.head("baton/T-moved")).hasValue(foreign[0]);
        }
    }

    @Nested
    @DisplayName("secret scan before commit")
    class Secrets {
        @Test
        @DisplayName("an AWS key and a private key written by the model: no commit, no push, the reason names file and line")
        void shouldRefuseCommitWhenChangeAddsSecrets() {
            GitRepo origin = calcRepo("secret");
            String before = origin.commit("baton/T-secret", Map.of("notes.txt", "earlier task\n"), "earlier task");
            model.script("engineer", Conversation.of(writeFix(),
                    write("settings.py", "REGION = 'eu-west-1'\nKEY_ID = '" + AWS_KEY + "'\n"),
                    write("deploy/id_rsa", PRIVATE_KEY), finish()));

            assertThatThrownBy(() -> agent.work(order("T-secret", origin, 1, 1), e -> { }))
                    .isInstanceOfSatisfying(AgentFailure.class, f -> {
                        assertThat(f.code()).isEqualTo(ErrorCode.SECRET_DETECTED);
                        assertThat(f.code().retriable()).isFalse();
                    })
                    .hasMessageContaining("settings.py:2 (AWS access key id)")
                    .hasMessageContaining("deploy/id_rsa:1 (private key")
                    .hasMessageNotContaining(AWS_KEY).hasMessageNotContaining("MIIEowIBAAKCAQEAq7BFUpkGp3");
            assertThat(origin.head("baton/T-secret")).as("the branch on the remote is unchanged").hasValue(before);
        }
    }

    /** Round 1, attempt 1 of the ticket's task, done by a model that writes the fix and finishes. */
    private static WorkResult fixed(String ticketId, GitRepo origin) throws Exception {
        model.script("engineer", Conversation.of(writeFix(), finish()));
        return agent.work(order(ticketId, origin, 1, 1), e -> { });
    }

    private static WorkResult work(WorkOrder order) {
        try {
            return agent.work(order, e -> { });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(3, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException("the other attempt never got this far", e);
        }
    }

    /** What the workspace's git directory holds while the engineer works, seen from the host. */
    private static List<String> gitDirState() {
        try (Stream<Path> slots = Files.list(workRoot)) {
            Path slot = slots.filter(s -> Files.isDirectory(s.resolve("git"))).findFirst().orElseThrow();
            var count = new ProcessBuilder("git", "--git-dir=" + slot.resolve("git"), "rev-list", "--count", "HEAD")
                    .start();
            String commits = new String(count.getInputStream().readAllBytes()).strip();
            return List.of(commits, Files.exists(slot.resolve("git/shallow")) ? "shallow" : "complete",
                    Files.exists(slot.resolve("workspace/.git")) ? ".git in the workspace" : "no .git in the workspace");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static GitRepo calcRepo(String name) {
        return repos.createBare(name, Map.of("calc.py", "def add(a, b):\n    return a - b\n",
                "test_calc.py", "from calc import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n"));
    }

    private static ScriptedReply writeFix() {
        return write("calc.py", FIXED);
    }

    private static ScriptedReply write(String path, String content) {
        return toolCall("write_file", Json.MAPPER.createObjectNode().put("path", path).put("content", content)
                .toString());
    }

    private static ScriptedReply finish() {
        return toolCall("finish", "{\"summary\":\"done\"}");
    }

    private static WorkOrder order(String ticketId, GitRepo origin, int round, int attempt) {
        var ticket = new TicketSubmitted(ticketId, origin.url(), "main", "Fix add", "add subtracts", "tester");
        var task = new Task("task-1", "Fix add", "add must add", List.of("calc.py"), List.of("pytest passes"), TESTS);
        return new WorkOrder(ticketId, Role.ENGINEER, "task-1", round, attempt, "token", ticket, task, ticket.branch(),
                null, List.of(), null, List.of());
    }
}
