package dev.baton.agent.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.agent.model.ModelClient;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Payload;
import dev.baton.protocol.Role;
import dev.baton.protocol.Task;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.protocol.ToolCall;
import dev.baton.protocol.WorkOrder;
import dev.baton.testkit.BatonInfra;
import dev.baton.testkit.ModelScript;
import dev.baton.testkit.ScriptedModelServer;
import dev.baton.testkit.ScriptedReply;
import dev.baton.testkit.ToolCallSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tool loop against the scripted OpenAI-compatible server (the stand-in for the model provider). */
@BatonInfra
class ToolLoopIT {
    final List<Payload> events = new CopyOnWriteArrayList<>();
    final AtomicInteger ran = new AtomicInteger();
    ScriptedModelServer model;
    ModelClient client;

    final WorkOrder order = new WorkOrder("t-loop", Role.REVIEWER, "task-1", 1, 1, "tok",
            new TicketSubmitted("t-loop", "r", null, "T", "", "me"),
            new Task("task-1", "T", "", List.of(), List.of("c"), null), "baton/t-loop", "abc", List.of(), null, List.of());

    final Tool echo = Tool.of("echo", "echo", "{\"type\":\"object\"}", args -> {
        ran.incrementAndGet();
        return "echo " + args.path("x").asText();
    });
    final Tool done = Tool.terminal("done", "finish", "{\"type\":\"object\"}", args -> {
        if (!args.has("ok")) {
            throw new ToolException("missing field ok");
        }
        return "accepted";
    });

    @BeforeEach
    void setUp(ScriptedModelServer server) {
        model = server;
        model.reset();
        model.clearScripts();
        client = new ModelClient(model.baseUrl().replaceAll("/v1$", ""), Duration.ofSeconds(10), 3, Duration.ofMillis(20));
    }

    JsonNode run(int steps) {
        return new ToolLoop(client, new Caps(steps, Duration.ofMinutes(1), 1_000_000), events::add)
                .run(order, "system", "user", List.of(echo, done));
    }

    @Test
    void shouldRunEveryToolCallOfAnAnswerAndFeedTheResultsBack() {
        model.script("reviewer", ModelScript.sequence(
                ScriptedReply.toolCalls(List.of(new ToolCallSpec("echo", "{\"x\":\"a\"}"), new ToolCallSpec("echo", "{\"x\":\"b\"}"))),
                ScriptedReply.toolCall("done", "{\"ok\":true}")));
        assertThat(run(5).path("ok").asBoolean()).isTrue();
        assertThat(ran).hasValue(2);
        JsonNode second = model.requests("reviewer").get(1).body();
        List<String> toolResults = new ArrayList<>();
        second.path("messages").forEach(m -> {
            if (m.path("role").asText().equals("tool")) {
                toolResults.add(m.path("content").asText());
            }
        });
        assertThat(toolResults).containsExactly("echo a", "echo b");
    }

    @Test
    void shouldRefuseAToolTheRoleDoesNotHaveAndRecordIt() {
        model.script("reviewer", ModelScript.sequence(ScriptedReply.toolCall("run_command", "{\"cmd\":\"rm -rf /\"}"),
                ScriptedReply.toolCall("done", "{\"ok\":true}")));
        run(5);
        assertThat(ran).hasValue(0);
        assertThat(events).filteredOn(e -> e instanceof ToolCall c && c.refused()).singleElement()
                .satisfies(e -> assertThat(((ToolCall) e).output()).contains("not available to the reviewer"));
    }

    @Test
    void shouldStopAModelThatRepeatsTheSameAction() {
        model.script("reviewer", ScriptedReply.toolCall("echo", "{\"x\":\"same\"}"));
        assertThatThrownBy(() -> run(20)).isInstanceOf(AgentFailure.class).hasMessageContaining("stuck");
        assertThat(model.requests("reviewer")).hasSize(3);
    }

    @Test
    void shouldSendAnInvalidAnswerBackOnceThenFailWithTheReason() {
        model.script("reviewer", ModelScript.sequence(ScriptedReply.toolCall("done", "{\"nope\":1}"),
                ScriptedReply.toolCall("done", "{\"nope\":2}")));
        assertThatThrownBy(() -> run(5)).isInstanceOf(AgentFailure.class)
                .hasMessageContaining("rejected twice").hasMessageContaining("missing field ok");
        assertThat(model.requests("reviewer").get(1).body().toString()).contains("missing field ok");
    }

    @Test
    void shouldRetryUpstreamErrorsAndComplete() {
        model.script("reviewer", ModelScript.sequence(ScriptedReply.error(500, "server_error", "boom"),
                ScriptedReply.error(503, "overloaded", "busy"), ScriptedReply.toolCall("done", "{\"ok\":true}")));
        assertThat(run(5).path("ok").asBoolean()).isTrue();
        assertThat(model.requests("reviewer")).hasSize(3);
    }

    @Test
    void shouldNeverRetryABudgetRefusal() {
        model.script("reviewer", ScriptedReply.error(429, "BUDGET_EXCEEDED", "over the cap"));
        assertThatThrownBy(() -> run(5)).isInstanceOfSatisfying(AgentFailure.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BUDGET_EXCEEDED));
        assertThat(model.requests("reviewer")).hasSize(1);
    }

    @Test
    void shouldEndAtTheStepCapWithTheReason() {
        AtomicInteger n = new AtomicInteger();
        model.script("reviewer", request -> ScriptedReply.toolCall("echo", "{\"x\":" + n.incrementAndGet() + "}"));
        assertThatThrownBy(() -> run(4)).isInstanceOf(AgentFailure.class).hasMessageContaining("step cap of 4");
    }

    @Test
    void shouldCountStepsTokensAndTheToolThatEndedTheLoopForTheStageSummary() {
        model.script("reviewer", ModelScript.sequence(ScriptedReply.toolCall("echo", "{\"x\":\"a\"}"),
                ScriptedReply.toolCall("done", "{\"ok\":true}")));
        var counted = new java.util.concurrent.CopyOnWriteArrayList<long[]>();
        var stopped = new java.util.concurrent.atomic.AtomicReference<String>();
        var transcript = new java.util.concurrent.atomic.AtomicReference<com.fasterxml.jackson.databind.node.ArrayNode>();
        var stage = new dev.baton.agent.work.StageContext() {
            @Override
            public void accept(Payload payload) {
                events.add(payload);
            }

            @Override
            public void transcript(com.fasterxml.jackson.databind.node.ArrayNode messages) {
                transcript.set(messages);
            }

            @Override
            public void modelCall(long tokensIn, long tokensOut) {
                counted.add(new long[] {tokensIn, tokensOut});
            }

            @Override
            public void stopped(String reason) {
                stopped.set(reason);
            }
        };

        new ToolLoop(client, new Caps(5, Duration.ofMinutes(1), 1_000_000), stage).run(order, "system", "user",
                List.of(echo, done));

        assertThat(counted).hasSize(2).allSatisfy(c -> assertThat(c[0] > 0 && c[1] > 0).as("tokens in and out").isTrue());
        assertThat(stopped.get()).isEqualTo("done accepted at step 2");
        assertThat(transcript.get().toString()).contains("echo a");
        assertThat(events).filteredOn(e -> e instanceof ToolCall).hasSize(2);
    }
}
