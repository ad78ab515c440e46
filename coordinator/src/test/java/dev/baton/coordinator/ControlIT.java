package dev.baton.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.blackboard.Blackboard;
import dev.baton.blackboard.Keys;
import dev.baton.protocol.Codec;
import dev.baton.protocol.ControlCommand;
import dev.baton.protocol.ControlCommand.Action;
import dev.baton.protocol.Decoded;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Payload;
import dev.baton.protocol.StageStarted;
import dev.baton.protocol.TicketState;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.protocol.Topics;
import dev.baton.protocol.WorkOrder;
import dev.baton.protocol.WorkResult;
import dev.baton.protocol.config.ConfigSource;
import dev.baton.protocol.kafka.KafkaClients;
import dev.baton.protocol.token.TokenRevocation;
import dev.baton.testkit.BatonInfra;
import dev.baton.testkit.KafkaBroker;
import dev.baton.testkit.RedisServer;
import dev.baton.testkit.TopicRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Operator commands on baton.control and stage deadlines, against the real broker and Redis; no agents run. */
@BatonInfra
class ControlIT {
    static Coordinator coordinator;
    static KafkaProducer<String, byte[]> producer;
    static String bootstrap;
    static Blackboard blackboard;

    @BeforeAll
    static void start(KafkaBroker kafka, RedisServer redis) {
        bootstrap = kafka.bootstrapServers();
        var config = CoordinatorConfig.load(new ConfigSource(Map.of("BATON_KAFKA_BOOTSTRAP", bootstrap,
                "BATON_REDIS_URI", redis.uri(), "BATON_STAGE_DEADLINE", "3s", "BATON_STAGE_MAX_ATTEMPTS", "2",
                "BATON_STAGE_SWEEP_INTERVAL", "200ms"), null));
        coordinator = new Coordinator(config, (stage, ttl) -> "token-" + stage);
        producer = KafkaClients.producer(bootstrap, "control-it");
        blackboard = coordinator.blackboard();
    }

    @AfterAll
    static void stop() throws Exception {
        blackboard.setFleetHalted(false, java.time.Instant.now());
        producer.close();
        coordinator.close();
    }

    static String submit() throws Exception {
        String id = "k-" + UUID.randomUUID().toString().substring(0, 8);
        var ticket = new TicketSubmitted(id, "file:///nowhere.git", "main", "Title", "", "it");
        producer.send(new ProducerRecord<>(Topics.TICKETS, id, Codec.encode(ticket))).get();
        return id;
    }

    static void control(String key, Action action) throws Exception {
        producer.send(new ProducerRecord<>(Topics.CONTROL, key,
                Codec.encode(new ControlCommand(key, action, "test", "ops")))).get();
    }

    static TicketState awaitState(String id, TicketState state) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> blackboard.ticket(id).map(v -> v.value().state()).orElse(null), s -> s == state);
    }

    static List<WorkOrder> pmOrders(String id) {
        return TopicRecords.readAll(bootstrap, Topics.WORK_PM).stream()
                .map(r -> Codec.decode(r.value(), Payload.WorkMessage.class))
                .filter(d -> d instanceof Decoded.Ok ok && ok.payload().ticketId().equals(id))
                .map(d -> (WorkOrder) ((Decoded.Ok) d).payload()).distinct().toList();
    }

    @Test
    void shouldCancelATicketAndRevokeItsTokens() throws Exception {
        String id = submit();
        awaitState(id, TicketState.PLANNING);
        control(id, Action.CANCEL);
        awaitState(id, TicketState.CANCELLED);
        await().atMost(Duration.ofSeconds(10)).until(() -> blackboard.redis().get(TokenRevocation.ticketKey(id)) != null);
        assertThat(blackboard.ticket(id).orElseThrow().value().reason()).contains("cancelled by ops: test");
    }

    @Test
    void shouldHaltTheFleetHoldNewTicketsAndResumeWithANewAttempt() throws Exception {
        String working = submit();
        awaitState(working, TicketState.PLANNING);
        control(ControlCommand.FLEET, Action.HALT);
        awaitState(working, TicketState.HALTED);
        assertThat(blackboard.redis().get(TokenRevocation.ALL)).isNotNull();
        String held = submit();
        awaitState(held, TicketState.HALTED);
        assertThat(pmOrders(held)).isEmpty();

        control(ControlCommand.FLEET, Action.RESUME);
        awaitState(working, TicketState.PLANNING);
        awaitState(held, TicketState.PLANNING);
        assertThat(pmOrders(working)).extracting(WorkOrder::attempt).contains(1, 2);
        assertThat(blackboard.fleetHalted()).isFalse();
    }

    @Test
    void shouldRedispatchAfterTheDeadlineAndFailAfterTheLastAttempt() throws Exception {
        String id = submit();
        awaitState(id, TicketState.PLANNING);
        await().atMost(Duration.ofSeconds(30)).until(() -> pmOrders(id).size() == 2);
        assertThat(pmOrders(id)).extracting(WorkOrder::attempt).containsExactly(1, 2);
        awaitState(id, TicketState.FAILED);
        assertThat(blackboard.ticket(id).orElseThrow().value().reason()).contains("limit is 2 attempt(s)");
    }

    @Test
    void shouldDeadLetterAnApprovalForATicketThatIsNotWaiting() throws Exception {
        String id = submit();
        awaitState(id, TicketState.PLANNING);
        control(id, Action.APPROVE);
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicRecords.readAll(bootstrap, Topics.DLQ).stream()
                .anyMatch(r -> id.equals(r.key()) && new String(r.value()).contains("not AWAITING_APPROVAL")));
        assertThat(blackboard.ticket(id).orElseThrow().value().state()).isEqualTo(TicketState.PLANNING);
    }

    @Test
    void shouldCountTheDeadlineFromWhenAnAgentTookTheOrderUpAndRevokeTheSupersededAttempt() throws Exception {
        String id = submit();
        awaitState(id, TicketState.PLANNING);
        WorkOrder first = await().atMost(Duration.ofSeconds(10)).until(() -> pmOrders(id), o -> !o.isEmpty()).get(0);
        Thread.sleep(1_500);
        producer.send(new ProducerRecord<>(Topics.RESULTS, id, Codec.encode(StageStarted.of(first, "pm-it")))).get();
        Instant started = await().atMost(Duration.ofSeconds(10))
                .until(() -> blackboard.ticket(id).orElseThrow().value().clock().startedAt(), java.util.Objects::nonNull);
        assertThat(blackboard.redis().zscore(Keys.DEADLINES, id)).as("due 3 s after the agent took the order up")
                .isEqualTo((double) started.plusSeconds(3).toEpochMilli());

        await().atMost(Duration.ofSeconds(30)).until(() -> pmOrders(id).size() == 2);
        var record = blackboard.ticket(id).orElseThrow().value();
        assertThat(record.attempt()).isEqualTo(2);
        assertThat(record.clock().dispatchedAt()).as("not re-dispatched before the deadline counted from the start")
                .isAfterOrEqualTo(started.plusSeconds(3));
        long cutoff = Long.parseLong(blackboard.redis().get(TokenRevocation.ticketKey(id)));
        assertThat(cutoff).as("attempt 1's token is revoked, attempt 2's is not")
                .isGreaterThanOrEqualTo(started.toEpochMilli())
                .isLessThan(record.clock().dispatchedAt().toEpochMilli());

        producer.send(new ProducerRecord<>(Topics.RESULTS, id,
                Codec.encode(WorkResult.failed(first, ErrorCode.MODEL_ERROR, "late")))).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicRecords.readAll(bootstrap, Topics.DLQ).stream()
                .map(r -> Codec.decode(r.value(), Payload.DlqMessage.class))
                .anyMatch(d -> d instanceof Decoded.Ok ok && ok.payload() instanceof dev.baton.protocol.DeadLetter l
                        && l.ticketId().equals(id) && l.code() == ErrorCode.STALE_RESULT));
        assertThat(blackboard.ticket(id).orElseThrow().value().attempt()).as("the late result changed nothing")
                .isEqualTo(2);
    }
}
