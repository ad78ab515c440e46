package dev.baton.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.blackboard.Blackboard;
import dev.baton.protocol.Codec;
import dev.baton.protocol.Decoded;
import dev.baton.protocol.DeadLetter;
import dev.baton.protocol.Envelope;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.HandoffEvent;
import dev.baton.protocol.Payload;
import dev.baton.protocol.Plan;
import dev.baton.protocol.Task;
import dev.baton.protocol.TicketState;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.protocol.Topics;
import dev.baton.protocol.WorkOrder;
import dev.baton.protocol.WorkResult;
import dev.baton.protocol.config.ConfigSource;
import dev.baton.protocol.kafka.KafkaClients;
import dev.baton.testkit.BatonInfra;
import dev.baton.testkit.KafkaBroker;
import dev.baton.testkit.RedisServer;
import dev.baton.testkit.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The coordinator alone against the real broker and Redis; the tests play the agents. */
@BatonInfra
class CoordinatorIT {
    static Coordinator coordinator;
    static KafkaProducer<String, byte[]> producer;
    static String bootstrap;
    static Blackboard blackboard;

    @BeforeAll
    static void start(KafkaBroker kafka, RedisServer redis) {
        bootstrap = kafka.bootstrapServers();
        var config = CoordinatorConfig.load(new ConfigSource(Map.of(
                "BATON_KAFKA_BOOTSTRAP", bootstrap, "BATON_REDIS_URI", redis.uri()), null));
        coordinator = new Coordinator(config, (stage, ttl) -> "token-" + stage);
        producer = KafkaClients.producer(bootstrap, "coordinator-it");
        blackboard = coordinator.blackboard();
    }

    @AfterAll
    static void stop() throws Exception {
        producer.close();
        coordinator.close();
    }

    static String newId() {
        return "c-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static void send(String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    static TicketSubmitted submit(String id) throws Exception {
        var ticket = new TicketSubmitted(id, "file:///nowhere.git", "main", "Title " + id, "", "it");
        send(Topics.TICKETS, id, Codec.encode(ticket));
        return ticket;
    }

    static TicketState state(String id) {
        return blackboard.ticket(id).map(v -> v.value().state()).orElse(null);
    }

    static <T extends Payload> List<T> payloads(String topic, Class<T> type, String ticketId) {
        return TopicRecords.readAll(bootstrap, topic).stream()
                .map(r -> Codec.decode(r.value(), Payload.class))
                .filter(d -> d instanceof Decoded.Ok ok && type.isInstance(ok.payload())
                        && ok.payload().ticketId().equals(ticketId))
                .map(d -> type.cast(((Decoded.Ok) d).payload()))
                .toList();
    }

    @Test
    void shouldDeadLetterMalformedTicketsAndKeepProcessing() throws Exception {
        var earlier = TopicRecords.readAll(bootstrap, Topics.DLQ).stream()
                .map(r -> r.partition() + "@" + r.offset()).collect(java.util.stream.Collectors.toSet());
        String key = newId();
        send(Topics.TICKETS, key, "{not json".getBytes(StandardCharsets.UTF_8));
        send(Topics.TICKETS, key, envelope(key, "Nonsense", "{}"));
        send(Topics.TICKETS, key, envelope(key, "TicketSubmitted", "{\"ticketId\":\"" + key + "\",\"repo\":\"r\"}"));
        send(Topics.TICKETS, key, envelope(key, "TicketSubmitted", "{\"ticketId\":\"" + key + "\",\"repo\":\"r\",\"title\":\""
                + "x".repeat(2 * 1024 * 1024) + "\"}"));
        String valid = newId();
        submit(valid);

        await().atMost(Duration.ofSeconds(30)).until(() -> state(valid) == TicketState.PLANNING);
        List<DeadLetter> letters = await().atMost(Duration.ofSeconds(30)).until(
                () -> TopicRecords.readAll(bootstrap, Topics.DLQ).stream()
                        .filter(r -> !earlier.contains(r.partition() + "@" + r.offset()))
                        .filter(r -> key.equals(r.key()) || DeadLetter.UNKNOWN_TICKET.equals(r.key()))
                        .map(r -> (DeadLetter) ((Decoded.Ok) Codec.decode(r.value(), Payload.DlqMessage.class)).payload())
                        .toList(),
                l -> l.stream().map(DeadLetter::code).toList().containsAll(List.of(ErrorCode.MALFORMED_JSON,
                        ErrorCode.UNKNOWN_TYPE, ErrorCode.INVALID_MESSAGE, ErrorCode.MESSAGE_TOO_LARGE)));
        assertThat(letters).allSatisfy(d -> {
            assertThat(d.reason()).isNotBlank();
            assertThat(d.sourceTopic()).isEqualTo(Topics.TICKETS);
        });
        assertThat(letters).filteredOn(d -> d.code() == ErrorCode.INVALID_MESSAGE)
                .anySatisfy(d -> assertThat(d.reason()).contains("title"));
    }

    @Test
    void shouldApplyTheSameResultOnceWhenItIsDeliveredTwice() throws Exception {
        String id = newId();
        submit(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> !payloads(Topics.WORK_PM, WorkOrder.class, id).isEmpty());
        WorkOrder order = payloads(Topics.WORK_PM, WorkOrder.class, id).get(0);
        var plan = new Plan("", List.of(new Task("task-1", "Do it", "", List.of(), List.of("it is done"), null)));
        byte[] result = Codec.encode(Codec.wrap(WorkResult.planned(order, plan), 1));
        long before = blackboard.ticket(id).orElseThrow().version();

        send(Topics.RESULTS, id, result);
        send(Topics.RESULTS, id, result);

        await().atMost(Duration.ofSeconds(30)).until(() -> state(id) == TicketState.IMPLEMENTING);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> blackboard.ticket(id).orElseThrow().version() == before + 1);
        List<HandoffEvent> moves = payloads(Topics.EVENTS, HandoffEvent.class, id).stream()
                .filter(e -> e.to() == TicketState.IMPLEMENTING).distinct().toList();
        assertThat(moves).hasSize(1);
        assertThat(payloads(Topics.WORK_ENGINEER, WorkOrder.class, id).stream().distinct()).hasSize(1);
    }

    @Test
    void shouldRefuseAResultForAStageTheTicketIsNotIn() throws Exception {
        String id = newId();
        submit(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> !payloads(Topics.WORK_PM, WorkOrder.class, id).isEmpty());
        WorkOrder order = payloads(Topics.WORK_PM, WorkOrder.class, id).get(0);
        var stale = new WorkResult(id, order.role(), order.taskId(), 1, 7, WorkResult.Outcome.FAILED, null, null,
                List.of(), null, new WorkResult.Failure(ErrorCode.AGENT_FAILED, "old attempt"), List.of());
        send(Topics.RESULTS, id, Codec.encode(stale));

        await().atMost(Duration.ofSeconds(30)).until(() -> payloads(Topics.DLQ, DeadLetter.class, id).stream()
                .anyMatch(d -> d.code() == ErrorCode.STALE_RESULT));
        assertThat(state(id)).isEqualTo(TicketState.PLANNING);
    }

    @Test
    void shouldEmitOneEventPerTransitionInOrder() throws Exception {
        String id = newId();
        submit(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> state(id) == TicketState.PLANNING);
        assertThat(payloads(Topics.EVENTS, HandoffEvent.class, id))
                .extracting(HandoffEvent::from, HandoffEvent::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(null, TicketState.SUBMITTED),
                        org.assertj.core.groups.Tuple.tuple(TicketState.SUBMITTED, TicketState.PLANNING));
    }

    private static byte[] envelope(String ticketId, String type, String payload) {
        return ("{\"type\":\"" + type + "\",\"schema\":1,\"id\":\"" + UUID.randomUUID() + "\",\"ticketId\":\""
                + ticketId + "\","
                + "\"attempt\":1,\"occurredAt\":\"2026-01-01T00:00:00Z\",\"payload\":" + payload + "}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
