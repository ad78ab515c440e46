package dev.baton.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.blackboard.Blackboard;
import dev.baton.protocol.Codec;
import dev.baton.protocol.DeadLetter;
import dev.baton.protocol.Decoded;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Payload;
import dev.baton.protocol.TicketState;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.protocol.Topics;
import dev.baton.protocol.config.ConfigSource;
import dev.baton.protocol.kafka.KafkaClients;
import dev.baton.testkit.BatonInfra;
import dev.baton.testkit.KafkaBroker;
import dev.baton.testkit.RedisServer;
import dev.baton.testkit.fuzz.FuzzReport;
import dev.baton.testkit.fuzz.HealthSampler;
import dev.baton.testkit.fuzz.TopicFuzz;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz of the coordinator's intake: {@value #INPUTS_DEFAULT} seeded inputs per topic ({@code baton.tickets},
 * {@code baton.results}) — valid, mutated and garbage envelopes — against the in-process coordinator on the real
 * broker and its own Redis. Every input must end as a dead letter naming its offset, or as a state change the
 * blackboard recorded (its envelope id applied to its ticket); the coordinator must stay healthy throughout and
 * still take a valid ticket afterwards. Knobs: {@code -Dbaton.fuzz.seed}, {@code -Dbaton.fuzz.inputs}.
 */
@BatonInfra
@DisplayName("fuzz: coordinator intake")
class FuzzIT {
    static final int INPUTS_DEFAULT = 10_000;
    static final long SEED = Long.getLong("baton.fuzz.seed", 20261122L);
    static final int INPUTS = Integer.getInteger("baton.fuzz.inputs", INPUTS_DEFAULT);
    static final String GROUP = "baton-coordinator";

    static RedisServer redis;
    static Coordinator coordinator;
    static Blackboard blackboard;
    static KafkaProducer<String, byte[]> producer;
    static String bootstrap;

    @BeforeAll
    static void start(KafkaBroker kafka) {
        bootstrap = kafka.bootstrapServers();
        // Its own Redis: the fuzz creates thousands of tickets other classes' fleet commands must not see.
        redis = RedisServer.start();
        producer = KafkaClients.producer(bootstrap, "fuzz-it");
    }

    @BeforeEach
    void startCoordinator() {
        var config = CoordinatorConfig.load(new ConfigSource(Map.of(
                "BATON_KAFKA_BOOTSTRAP", bootstrap, "BATON_REDIS_URI", redis.uri()), null));
        coordinator = new Coordinator(config, (stage, ttl) -> "token-" + stage);
        blackboard = coordinator.blackboard();
    }

    /**
     * Stops the coordinator and moves its group past everything on the intake topics: an input it could not get
     * past must not stall the next test, or the next test class sharing this JVM's broker.
     */
    @AfterEach
    void stopCoordinatorAndSkipTheRest() throws Exception {
        coordinator.close();
        new TopicFuzz(bootstrap, GROUP).skipToEnd(List.of(Topics.TICKETS, Topics.RESULTS));
    }

    @AfterAll
    static void stop() {
        producer.close();
        redis.close();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    @DisplayName("every input on baton.tickets is dead-lettered with a reason or applied")
    void shouldDeadLetterOrApplyEveryTicketInput() throws Exception {
        var fuzzer = new IntakeFuzzer(new Random(SEED), "fz" + (SEED % 1000));
        fuzz(Topics.TICKETS, fuzzer::ticketInput, fuzzer);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    @DisplayName("every input on baton.results is dead-lettered with a reason or applied")
    void shouldDeadLetterOrApplyEveryResultInput() throws Exception {
        var fuzzer = new IntakeFuzzer(new Random(SEED + 1), "fr" + (SEED % 1000));
        // Live tickets in PLANNING, so some results match a stage and change state.
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String id = fuzzer.newTicketId();
            fuzzer.known(id);
            var ticket = new TicketSubmitted(id, "file:///fuzz/" + id + ".git", "main", "Live " + id, "", "fuzz");
            sent.add(producer.send(new ProducerRecord<>(Topics.TICKETS, id, Codec.encode(ticket))));
        }
        for (var f : sent) {
            f.get(30, TimeUnit.SECONDS);
        }
        fuzz(Topics.RESULTS, fuzzer::resultInput, fuzzer);
    }

    private void fuzz(String topic, Supplier<byte[]> generator, IntakeFuzzer fuzzer) throws Exception {
        assertThat(awaitHealthy(Duration.ofSeconds(30))).as("the coordinator is healthy before the fuzz starts "
                + "(if not, an earlier test left a record it cannot get past)").isTrue();
        Class<? extends Payload> expected = expected(topic);
        var report = new FuzzReport("coordinator", topic, SEED);
        List<byte[]> values = new ArrayList<>(INPUTS);
        for (int i = 0; i < INPUTS; i++) {
            byte[] value = generator.get();
            String problem = TopicFuzz.deadLetterProblem(value, expected);
            if (problem != null) {
                report.problem("Codec.decode throws (its contract: never) or the dead letter cannot be built; the "
                        + "loop would retry such a record forever", problem);
            }
            values.add(value);
        }
        var fuzz = new TopicFuzz(bootstrap, GROUP);
        boolean consumed;
        List<TopicFuzz.Sent> sent;
        long unhealthy;
        try (var sampler = new HealthSampler(coordinator::healthy)) {
            sent = fuzz.send(producer, topic, values, new Random(SEED ^ topic.hashCode()));
            consumed = fuzz.awaitConsumed(sent, Duration.ofMinutes(3), Duration.ofSeconds(30));
            sampler.close();
            unhealthy = sampler.unhealthy();
        }
        Map<String, DeadLetter> letters = fuzz.deadLetters(topic);
        for (TopicFuzz.Sent input : sent) {
            DeadLetter letter = letters.get(input.origin());
            if (letter != null) {
                report.outcome("dead letter " + letter.code());
                if (letter.reason() == null || letter.reason().isBlank() || letter.code() == ErrorCode.UNKNOWN
                        || letter.code() == ErrorCode.NONE) {
                    report.problem("a dead letter without a reason or with an unexpected-error code",
                            input.describe() + " -> " + letter.code() + " '" + letter.reason() + "'");
                }
            } else if (applied(input, expected)) {
                report.outcome("applied");
            } else {
                report.outcome("unanswered");
                report.problem(blankId(input, expected) ? "taken without its envelope id recorded (a blank id: no "
                        + "idempotency on redelivery)" : "neither a dead letter nor an applied state change",
                        input.describe());
            }
        }
        report.print();

        assertThat(consumed).as("the coordinator committed past every input").isTrue();
        assertThat(report.unacceptable()).as("the first of each kind:\n%s", report.firstProblems()).isZero();
        assertThat(unhealthy).as("samples of healthy() false while fuzzing").isZero();
        String after = fuzzer.newTicketId() + "-after";
        producer.send(new ProducerRecord<>(Topics.TICKETS, after, Codec.encode(new TicketSubmitted(after,
                "file:///fuzz/after.git", "main", "After the fuzz", "", "fuzz")))).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> blackboard.ticket(after)
                .map(v -> v.value().state() == TicketState.PLANNING).orElse(false));
    }

    private static Class<? extends Payload> expected(String topic) {
        return topic.equals(Topics.TICKETS) ? Payload.TicketMessage.class : Payload.ResultMessage.class;
    }

    private static boolean awaitHealthy(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!coordinator.healthy()) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    private static boolean applied(TopicFuzz.Sent input, Class<? extends Payload> expected) {
        return Codec.decode(input.value(), expected) instanceof Decoded.Ok ok
                && blackboard.applied(ok.payload().ticketId(), ok.envelope().id());
    }

    private static boolean blankId(TopicFuzz.Sent input, Class<? extends Payload> expected) {
        return Codec.decode(input.value(), expected) instanceof Decoded.Ok ok && ok.envelope().id().isBlank();
    }
}
