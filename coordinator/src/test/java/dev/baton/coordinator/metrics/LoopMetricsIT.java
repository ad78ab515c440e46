package dev.baton.coordinator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.coordinator.Coordinator;
import dev.baton.coordinator.CoordinatorConfig;
import dev.baton.protocol.Codec;
import dev.baton.protocol.Decoded;
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
import dev.baton.testkit.PrometheusText;
import dev.baton.testkit.RedisServer;
import dev.baton.testkit.TopicRecords;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consumer loop's metrics as {@code /metrics} serves them, from a coordinator working for real: the tests play
 * the agents, send it garbage, and lock it out of its own Redis for a while.
 */
@BatonInfra
class LoopMetricsIT {
    static RedisServer redis;
    static Coordinator coordinator;
    static KafkaProducer<String, byte[]> producer;
    static String bootstrap;

    @BeforeAll
    static void start(KafkaBroker kafka) {
        bootstrap = kafka.bootstrapServers();
        redis = RedisServer.start(); // its own: one test locks it
        var config = CoordinatorConfig.load(new ConfigSource(Map.of(
                "BATON_KAFKA_BOOTSTRAP", bootstrap, "BATON_REDIS_URI", redis.uri()), null));
        coordinator = new Coordinator(config, (stage, ttl) -> "token-" + stage);
        producer = KafkaClients.producer(bootstrap, "loop-metrics-it");
    }

    @AfterAll
    static void stop() throws Exception {
        producer.close();
        coordinator.close();
        redis.close();
    }

    /** Each test starts with the loop healthy (the other one locks Redis for a while). */
    @BeforeEach
    void healthy() {
        await().atMost(Duration.ofSeconds(90)).until(() -> metrics().value("baton_coordinator_up") == 1);
    }

    static PrometheusText metrics() {
        return PrometheusText.parse(coordinator.metrics().render());
    }

    static String submit() throws Exception {
        String id = "lm-" + UUID.randomUUID().toString().substring(0, 8);
        var ticket = new TicketSubmitted(id, "file:///nowhere.git", "main", "Title " + id, "", "it");
        producer.send(new ProducerRecord<>(Topics.TICKETS, id, Codec.encode(ticket))).get();
        return id;
    }

    static TicketState state(String id) {
        return coordinator.blackboard().ticket(id).map(v -> v.value().state()).orElse(null);
    }

    static WorkOrder order(String topic, String id) {
        return TopicRecords.readAll(bootstrap, topic).stream().filter(r -> id.equals(r.key()))
                .map(r -> Codec.decode(r.value(), Payload.WorkMessage.class))
                .filter(Decoded.Ok.class::isInstance).map(d -> (WorkOrder) ((Decoded.Ok) d).payload())
                .findFirst().orElseThrow();
    }

    @Test
    void shouldTimeEachHandoffAndCountRecordsAndDeadLetters() throws Exception {
        PrometheusText before = metrics();
        String id = submit();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> state(id) == TicketState.PLANNING);
        var plan = new Plan("", List.of(new Task("task-1", "T", "", List.of(), List.of("it works"), null)));
        producer.send(new ProducerRecord<>(Topics.RESULTS, id,
                Codec.encode(WorkResult.planned(order(Topics.WORK_PM, id), plan)))).get();
        producer.send(new ProducerRecord<>(Topics.TICKETS, id, "{not json".getBytes(StandardCharsets.UTF_8))).get();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            PrometheusText after = metrics();
            assertThat(grew(before, after, "baton_coordinator_handoff_seconds_count", Map.of("role", "pm"))).isEqualTo(1);
            assertThat(grew(before, after, "baton_coordinator_handoff_seconds_count", Map.of("role", "engineer")))
                    .isEqualTo(1);
            assertThat(grew(before, after, "baton_coordinator_records_total", Map.of("topic", "baton.tickets")))
                    .isEqualTo(2);
            assertThat(grew(before, after, "baton_coordinator_records_total", Map.of("topic", "baton.results")))
                    .isEqualTo(1);
            assertThat(grew(before, after, "baton_coordinator_sent_total", Map.of("topic", "baton.work.engineer")))
                    .isEqualTo(1);
            assertThat(grew(before, after, "baton_coordinator_dead_letters_total", Map.of("code", "MALFORMED_JSON")))
                    .isEqualTo(1);
        });
        assertThat(state(id)).isEqualTo(TicketState.IMPLEMENTING);
    }

    @Test
    void shouldCountRewindsWhileRedisIsUnavailableAndTheRecordOnceItIsBack() throws Exception {
        double rewinds = metrics().value("baton_coordinator_rewinds_total");
        RedisClient admin = RedisClient.create(redis.uri());
        try (var connection = admin.connect()) {
            connection.sync().configSet("requirepass", "locked-out-for-the-test");
            connection.sync().clientKill(new KillArgs().skipme());
            String id = submit();

            await().atMost(Duration.ofSeconds(60)).until(() -> metrics().value("baton_coordinator_rewinds_total") > rewinds);
            assertThat(metrics().value("baton_coordinator_up")).isZero();
            try (var again = admin.connect(RedisURI.builder(RedisURI.create(redis.uri()))
                    .withPassword("locked-out-for-the-test".toCharArray()).build())) {
                again.sync().configSet("requirepass", "");
            }
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> state(id) == TicketState.PLANNING);
            await().atMost(Duration.ofSeconds(30)).until(() -> metrics().value("baton_coordinator_up") == 1);
        } finally {
            admin.shutdown();
        }
    }

    private static double grew(PrometheusText before, PrometheusText after, String name, Map<String, String> labels) {
        return after.value(name, labels) - before.value(name, labels);
    }
}
