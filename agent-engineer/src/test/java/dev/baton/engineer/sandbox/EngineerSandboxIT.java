package dev.baton.engineer.sandbox;

import static dev.baton.testkit.ScriptedReply.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.AgentConfig;
import dev.baton.engineer.EngineerAgent;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the engineer fixes a real pytest project in a sandbox; the evidence shows red then green (real Docker)")
class EngineerSandboxIT {
    private static final String FIX = """
            --- a/calc.py
            +++ b/calc.py
            @@ -1,2 +1,2 @@
             def add(a, b):
            -    return a - b
            +    return a + b
            """;

    @TempDir
    Path workRoot;
    @TempDir
    Path agentDir;

    @Test
    @DisplayName("run_tests fails, the model patches calc.py, run_tests passes, the fix is pushed with that evidence")
    void shouldRecordRedThenGreenWhenEngineerFixesFailingTest() throws Exception {
        try (var repos = GitFixtures.inTempDir(); var model = ScriptedModelServer.start();
                var docker = SandboxTesting.docker();
                var pool = new SandboxPool(new SandboxFactory(docker, SandboxTesting.options(workRoot).poolSize(1)
                        .build()))) {
            GitRepo origin = repos.createBare("calc", Map.of(
                    "calc.py", "def add(a, b):\n    return a - b\n",
                    "test_calc.py", "from calc import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n\n\n"
                            + "def test_zero():\n    assert add(0, 0) == 0\n"));
            model.script("engineer", ScriptedModelServer.sequence(
                    toolCall("run_tests", "{}"),
                    toolCall("read_file", "{\"path\":\"calc.py\",\"start_line\":1,\"end_line\":2}"),
                    toolCall("apply_patch", Json.MAPPER.createObjectNode().put("patch", FIX).toString()),
                    toolCall("run_tests", "{}"),
                    toolCall("finish", "{\"summary\":\"add now adds\"}")));
            var config = new AgentConfig(Role.ENGINEER, "127.0.0.1:1", "redis://127.0.0.1:1",
                    "http://127.0.0.1:" + model.port(), 10, Duration.ofSeconds(30), agentDir);
            List<Payload> events = new CopyOnWriteArrayList<>();
            String base = origin.head("main").orElseThrow();

            WorkResult result = new EngineerAgent(config, pool).work(order(origin), events::add);

            assertThat(result.outcome()).isEqualTo(WorkResult.Outcome.COMMITTED);
            assertThat(result.evidence()).extracting(WorkResult.Evidence::exitCode).containsExactly(1, 0);
            assertThat(result.evidence().get(0).output()).contains("1 failed, 1 passed");
            assertThat(result.evidence().get(1).output()).contains("2 passed");
            assertThat(result.evidence()).allSatisfy(e -> assertThat(e.command()).isEqualTo("bash -c 'python3 -m pytest -q'"));
            assertThat(events).filteredOn(e -> e instanceof ToolCall t && t.exitCode() != null)
                    .extracting(e -> ((ToolCall) e).tool() + "=" + ((ToolCall) e).exitCode())
                    .containsExactly("run_tests=1", "run_tests=0");
            assertThat(events).filteredOn(e -> e instanceof ToolCall t && t.tool().equals("checkout"))
                    .extracting(e -> ((ToolCall) e).output()).containsExactly("checked out refs/heads/main at "
                            + base + " (shallow, depth 20) as baton/T-calc");
            assertThat(origin.head("baton/T-calc")).hasValue(result.commit());
            assertThat(origin.fileAt("baton/T-calc", "calc.py")).hasValue("def add(a, b):\n    return a + b\n");
            assertThat(origin.fileAt("baton/T-calc", ".pytest_cache/README.md")).isEmpty();
            assertThat(model.requests("engineer").get(1).body().toString()).contains("exit code 1 after");
        }
    }

    private static WorkOrder order(GitRepo origin) {
        var ticket = new TicketSubmitted("T-calc", origin.url(), "main", "Fix add", "add subtracts", "tester");
        var task = new Task("task-1", "Fix add", "add must add", List.of("calc.py"), List.of("pytest passes"),
                "python3 -m pytest -q");
        return new WorkOrder("T-calc", Role.ENGINEER, "task-1", 1, 1, "token", ticket, task, ticket.branch(), null,
                List.of(), null, List.of());
    }
}
