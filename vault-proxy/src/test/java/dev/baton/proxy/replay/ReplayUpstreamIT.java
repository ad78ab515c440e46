package dev.baton.proxy.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.protocol.Json;
import dev.baton.protocol.Role;
import dev.baton.proxy.ProxyHarnessAccess;
import dev.baton.testkit.ScriptedModelServer;
import dev.baton.testkit.ScriptedReply;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The replay upstream: a replay ticket's calls get the original's answers in order, and never reach the provider. */
class ReplayUpstreamIT {
    static final String PLAIN = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String STREAM = "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static ProxyHarnessAccess harness;

    @BeforeAll
    static void start() {
        harness = ProxyHarnessAccess.start(Map.of());
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void shouldAnswerAReplayFromTheRecordingInOrderAndNeverCallTheProvider() throws Exception {
        String original = ProxyHarnessAccess.ticket();
        String replay = original + "-r1";
        harness.upstream().script("engineer", ScriptedModelServer.sequence(ScriptedReply.text("first answer"),
                ScriptedReply.text("second answer")));
        assertThat(harness.chat(harness.token(Role.ENGINEER, original), Map.of(), PLAIN).statusCode()).isEqualTo(200);
        assertThat(harness.chat(harness.token(Role.ENGINEER, original), Map.of(), PLAIN).statusCode()).isEqualTo(200);
        String log = ReplayKeys.calls(original, Role.ENGINEER, "task-1");
        await().atMost(Duration.ofSeconds(5)).until(() -> harness.redis().llen(log) == 2);
        harness.redis().set(ReplayKeys.mapping(replay), original);
        harness.upstream().clearScripts();
        long before = harness.upstreamRequests("engineer");

        var first = harness.chat(harness.token(Role.ENGINEER, replay), Map.of(), PLAIN);
        var second = harness.chat(harness.token(Role.ENGINEER, replay), Map.of(), STREAM);
        var third = harness.chat(harness.token(Role.ENGINEER, replay), Map.of(), PLAIN);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(first.body()).at("/choices/0/message/content").asText()).isEqualTo("first answer");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/event-stream"));
        assertThat(second.body()).startsWith("data: ").contains("\"delta\"").contains("second answer")
                .endsWith("data: [DONE]\n\n");
        assertThat(third.statusCode()).isEqualTo(409);
        assertThat(Json.MAPPER.readTree(third.body()).at("/error/code").asText()).isEqualTo("replay_exhausted");
        assertThat(harness.upstreamRequests("engineer")).isEqualTo(before);
        await().atMost(Duration.ofSeconds(5)).until(() -> harness.redis().llen(ReplayKeys.calls(replay, Role.ENGINEER,
                "task-1")) == 2);
    }

    @Test
    void shouldLeaveATicketWithoutAMappingToTheProvider() throws Exception {
        String ticket = ProxyHarnessAccess.ticket();
        harness.upstream().script("reviewer", ScriptedReply.text("live answer"));

        var answer = harness.chat(harness.token(Role.REVIEWER, ticket), Map.of(), PLAIN);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("live answer");
    }
}
