package dev.baton.coordinator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.HandoffEvent;
import dev.baton.protocol.ModelCall;
import dev.baton.protocol.Role;
import dev.baton.protocol.StageKey;
import dev.baton.protocol.StageSummary;
import dev.baton.protocol.TicketState;
import dev.baton.protocol.ToolCall;
import dev.baton.protocol.Topics;
import dev.baton.testkit.BatonInfra;
import dev.baton.testkit.KafkaBroker;
import dev.baton.testkit.RedisServer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Timelines, the live stream and the audit export, fed from real {@code baton.events}, and stage transcripts at the
 * path a {@link StageSummary} links to.
 */
@BatonInfra
class EventsApiIT {
    static ApiHarness api;

    @BeforeAll
    static void start(KafkaBroker kafka, RedisServer redis) {
        api = new ApiHarness(kafka.bootstrapServers(), redis.uri());
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    static HandoffEvent handoff(String id, TicketState from, TicketState to, long version) {
        return new HandoffEvent(id, from, to, Role.PM, Role.ENGINEER, "task-1", 1, "test", version);
    }

    static List<JsonNode> timeline(String id, String query) {
        JsonNode events = api.get("/api/tickets/" + id + "/events" + query).json().path("events");
        return java.util.stream.StreamSupport.stream(events.spliterator(), false).toList();
    }

    @Test
    void shouldAnswerATicketsEventsInOrderOnceEachFilteredByType() throws Exception {
        String id = Tickets.newId("tl");
        api.publish(Topics.EVENTS, handoff(id, null, TicketState.SUBMITTED, 1));
        api.publish(Topics.EVENTS, new ToolCall(id, "task-1", Role.ENGINEER, "run", "make test", 2, 40, "1 failed", false));
        api.publish(Topics.EVENTS, handoff(id, TicketState.SUBMITTED, TicketState.PLANNING, 2));
        api.publish(Topics.EVENTS, handoff(Tickets.newId("other"), null, TicketState.SUBMITTED, 1));

        await().atMost(Duration.ofSeconds(20)).until(() -> timeline(id, "").size() == 3);

        assertThat(timeline(id, "")).extracting(e -> e.path("type").asText())
                .containsExactly("HandoffEvent", "ToolCall", "HandoffEvent");
        assertThat(timeline(id, "").get(1).path("payload").path("exitCode").asInt()).isEqualTo(2);
        assertThat(timeline(id, "?type=HandoffEvent")).extracting(e -> e.path("payload").path("to").asText())
                .containsExactly("SUBMITTED", "PLANNING");
        assertThat(api.get("/api/tickets/" + id + "/events").json().path("complete").asBoolean()).isTrue();
    }

    @Test
    void shouldAnswer404ForATicketWithNeitherRecordNorEventsAnd200ForOneWithout() {
        String known = Tickets.newId("known");
        Tickets.stored(api.blackboard, known, TicketState.PLANNING);

        assertThat(api.get("/api/tickets/none-" + System.nanoTime() + "/events").errorCode()).isEqualTo("unknown_ticket");
        assertThat(api.get("/api/tickets/" + known + "/events").json().path("events").size()).isZero();
    }

    @Test
    void shouldStreamNewEventsOfOneTicketAsServerSentEvents() throws Exception {
        String id = Tickets.newId("sse");
        try (var stream = new EventStream(api.http, api.url("/api/events/stream?ticket=" + id), ApiHarness.TOKEN)) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
            assertThat(stream.response.headers().firstValue("content-type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("text/event-stream"));
            api.publish(Topics.EVENTS, handoff(Tickets.newId("not-this"), null, TicketState.SUBMITTED, 1));
            api.publish(Topics.EVENTS, handoff(id, null, TicketState.SUBMITTED, 1));

            String data = stream.next("HandoffEvent", Duration.ofSeconds(20));

            assertThat(data).contains("\"ticketId\":\"" + id + "\"").contains("\"to\":\"SUBMITTED\"");
        }
    }

    @Test
    void shouldReplayPastEventsOfTheTicketFirstWhenAsked() throws Exception {
        String id = Tickets.newId("replay");
        api.publish(Topics.EVENTS, handoff(id, null, TicketState.SUBMITTED, 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> timeline(id, "").size() == 1);

        try (var stream = new EventStream(api.http, api.url("/api/events/stream?replay=true&ticket=" + id),
                ApiHarness.TOKEN)) {
            assertThat(stream.next("HandoffEvent", Duration.ofSeconds(10))).contains(id);
        }
    }

    @Test
    void shouldExportEventsModelBodiesAndTheRecordAsJsonLines() throws Exception {
        String id = Tickets.newId("exp");
        Tickets.stored(api.blackboard, id, TicketState.DELIVERED);
        api.blackboard.redis().set("baton:audit:body:aaa111", "{\"messages\":[{\"role\":\"user\",\"content\":\"[REDACTED]\"}]}");
        api.publish(Topics.EVENTS, handoff(id, null, TicketState.SUBMITTED, 1));
        api.publish(Topics.EVENTS, new ModelCall(id, "task-1", Role.ENGINEER, "gpt", "default", 100, 20,
                new BigDecimal("0.0012"), 200, 350, "aaa111", "bbb222"));
        await().atMost(Duration.ofSeconds(20)).until(() -> timeline(id, "").size() == 2);

        var response = api.get("/api/tickets/" + id + "/export");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().get("content-type").get(0)).startsWith("application/x-ndjson");
        assertThat(response.headers().get("content-disposition").get(0)).contains("baton-" + id + ".jsonl");
        List<JsonNode> lines = response.body().lines().map(l -> new ApiHarness.Response(200, l, null).json()).toList();
        assertThat(lines).extracting(l -> l.path("kind").asText())
                .containsExactly("export", "event", "event", "model-request", "model-response", "diff", "record");
        assertThat(lines.get(2).path("envelope").path("payload").path("tokensIn").asLong()).isEqualTo(100);
        assertThat(lines.get(3).path("body").asText()).contains("[REDACTED]");
        assertThat(lines.get(4).path("expired").asBoolean()).isTrue();
        assertThat(lines.get(5).path("commit").asText()).isEqualTo("abc123def456");
        assertThat(lines.get(5).path("taskId").asText()).isEqualTo("task-1");
        assertThat(lines.get(5).path("diff").asText()).isEqualTo(Tickets.DIFF);
        assertThat(lines.get(6).path("ticket").path("record").path("commits").get(0).path("sha").asText())
                .isEqualTo("abc123def456");
    }

    @Test
    void shouldAnswer404WhenExportingAnUnknownTicket() {
        assertThat(api.get("/api/tickets/none-" + System.nanoTime() + "/export").errorCode()).isEqualTo("unknown_ticket");
    }

    @Test
    void shouldServeTheRecordedConversationAtTheSummarysPath() {
        String id = Tickets.newId("tr");
        Tickets.stored(api.blackboard, id, TicketState.REVIEWING);
        var stage = new StageKey(id, Role.ENGINEER, "task-1", 2, 1);
        api.blackboard.putTranscript(stage, "[{\"role\":\"system\",\"content\":\"You are the Engineer\"},"
                + "{\"role\":\"user\",\"content\":\"Task task-1\"}]");

        var response = api.get(StageSummary.transcriptPath(stage));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("stage").asText()).isEqualTo(id + "/engineer/task-1/r2/a1");
        assertThat(response.json().path("key").asText()).isEqualTo(dev.baton.blackboard.Keys.transcript(stage));
        assertThat(response.json().path("messages").get(1).path("content").asText()).isEqualTo("Task task-1");
    }

    @Test
    void shouldAnswer404ForAStageWithNoTranscript() {
        String id = Tickets.newId("tr");
        var response = api.get("/api/tickets/" + id + "/transcripts/pm/plan/1/1");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("no_transcript");
    }

    @Test
    void shouldAnswer400ForAStageThatCannotExist() {
        assertThat(api.get("/api/tickets/t-1/transcripts/boss/plan/1/1").errorMessage()).contains("unknown role 'boss'");
        assertThat(api.get("/api/tickets/t-1/transcripts/pm/plan/0/1").errorMessage()).contains("round must be");
        assertThat(api.get("/api/tickets/t-1/transcripts/pm/plan/1/x").errorCode()).isEqualTo("invalid_stage");
        assertThat(api.get("/api/tickets/t-1/transcripts/pm/bad%20task/1/1").errorMessage()).contains("task must match");
    }
}
