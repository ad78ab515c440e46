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
import dev.baton.testkit.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.BeforeAll;
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
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : List.of(Topics.TICKETS, Topics.RESULTS)) {
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .forEach(info -> latest.put(new TopicPartition(topic, info.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, new OffsetAndMetadata(info.offset())));
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                    admin.alterConsumerGroupOffsets(GROUP, ends).all().get(10, TimeUnit.SECONDS));
        }
    }

    @AfterAll
    static void stop() {
        producer.close();
        redis.close();
    }

    record Input(String topic, int partition, long offset, byte[] value) {}

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

    private void fuzz(String topic, java.util.function.Supplier<byte[]> inputs, IntakeFuzzer fuzzer) throws Exception {
        assertThat(awaitHealthy(Duration.ofSeconds(30))).as("the coordinator is healthy before the fuzz starts "
                + "(if not, an earlier test left a record it cannot get past)").isTrue();
        Instant started = Instant.now();
        var sampler = new HealthSampler();
        Thread sampling = Thread.ofVirtual().start(sampler);
        List<Future<RecordMetadata>> futures = new ArrayList<>(INPUTS);
        List<byte[]> values = new ArrayList<>(INPUTS);
        List<String> undecodable = new ArrayList<>();
        var random = new Random(SEED ^ topic.hashCode());
        for (int i = 0; i < INPUTS; i++) {
            byte[] value = inputs.get();
            String problem = deadLetterProblem(topic, value);
            if (problem != null) {
                undecodable.add(problem + " <- " + describe(new Input(topic, -1, i, value)));
            }
            values.add(value);
            futures.add(producer.send(new ProducerRecord<>(topic, key(value, random, fuzzer), value)));
        }
        List<Input> sent = new ArrayList<>(INPUTS);
        for (int i = 0; i < INPUTS; i++) {
            RecordMetadata m = futures.get(i).get(60, TimeUnit.SECONDS);
            sent.add(new Input(topic, m.partition(), m.offset(), values.get(i)));
        }
        boolean consumed = awaitConsumed(sent, Duration.ofMinutes(3), Duration.ofSeconds(30));
        sampler.stop();
        sampling.join();
        Duration took = Duration.between(started, Instant.now());

        Map<String, DeadLetter> letters = deadLetters(topic);
        Map<ErrorCode, Integer> byCode = new TreeMap<>();
        int applied = 0;
        List<String> unanswered = new ArrayList<>();
        List<String> badLetters = new ArrayList<>();
        for (Input input : sent) {
            DeadLetter letter = letters.get(input.partition() + "@" + input.offset());
            if (letter != null) {
                byCode.merge(letter.code(), 1, Integer::sum);
                if (letter.reason() == null || letter.reason().isBlank() || letter.code() == ErrorCode.UNKNOWN
                        || letter.code() == ErrorCode.NONE) {
                    badLetters.add(describe(input) + " -> " + letter.code() + " '" + letter.reason() + "'");
                }
            } else if (wasApplied(input)) {
                applied++;
            } else {
                unanswered.add(blankId(input) ? "taken without its envelope id recorded (a blank id: no "
                        + "idempotency on redelivery) " + describe(input) : describe(input));
            }
        }
        System.out.printf("[fuzz] %s: %d inputs (seed %d) in %d s: dead-lettered %d %s, applied %d, unanswered %d,"
                        + " coordinator unhealthy in %d of %d samples%n", topic, INPUTS, SEED, took.toSeconds(),
                byCode.values().stream().mapToInt(Integer::intValue).sum(), byCode, applied, unanswered.size(),
                sampler.unhealthy.get(), sampler.samples.get());
        undecodable.stream().limit(5).forEach(u -> System.out.println("[fuzz]   cannot be dead-lettered: " + u));
        unanswered.stream().limit(5).forEach(u -> System.out.println("[fuzz]   unanswered: " + u));

        assertThat(undecodable.size()).as("inputs for which Codec.decode throws (its contract: never) or whose "
                + "dead letter cannot be built; the coordinator loop retries such a record forever and stops "
                + "taking the partition's next ones. The first: %s", first(undecodable)).isZero();
        assertThat(consumed).as("the coordinator committed past every input").isTrue();
        assertThat(unanswered.size()).as("inputs with neither a dead letter nor an applied state change; the "
                + "first: %s", first(unanswered)).isZero();
        assertThat(badLetters).as("dead letters without a reason or with an unexpected-error code").isEmpty();
        assertThat(sampler.unhealthy.get()).as("samples of healthy() false while fuzzing").isZero();
        String after = fuzzer.newTicketId() + "-after";
        producer.send(new ProducerRecord<>(Topics.TICKETS, after, Codec.encode(new TicketSubmitted(after,
                "file:///fuzz/after.git", "main", "After the fuzz", "", "fuzz")))).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> blackboard.ticket(after)
                .map(v -> v.value().state() == TicketState.PLANNING).orElse(false));
    }

    private static List<String> first(List<String> items) {
        return items.subList(0, Math.min(3, items.size()));
    }

    /**
     * What the coordinator does with an input it cannot decode, done here: decode, and build the dead letter.
     * Null when that works; otherwise the exception, which the coordinator's loop would retry forever.
     */
    private static String deadLetterProblem(String topic, byte[] value) {
        try {
            if (Codec.decode(value, expected(topic)) instanceof Decoded.Failed f) {
                new DeadLetter(f.ticketId(), topic, 0, 0, f.code(), f.reason(), "", 0);
            }
            return null;
        } catch (RuntimeException e) {
            return e.toString().length() > 300 ? e.toString().substring(0, 300) + "…" : e.toString();
        }
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

    /** Mostly the ticket id the input names (so one ticket's inputs stay ordered), sometimes anything. */
    private static String key(byte[] value, Random random, IntakeFuzzer fuzzer) {
        if (value != null && random.nextInt(10) > 0) {
            try {
                if (Codec.decode(value, Payload.class) instanceof Decoded.Ok ok) {
                    if (ok.payload() instanceof TicketSubmitted t) {
                        fuzzer.known(t.ticketId());
                    }
                    return ok.payload().ticketId();
                }
            } catch (RuntimeException e) {
                // a decoder crash: counted by deadLetterProblem, keyed at random here
            }
        }
        return switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> "";
            default -> Long.toHexString(random.nextLong());
        };
    }

    private static boolean wasApplied(Input input) {
        try {
            return Codec.decode(input.value(), expected(input.topic())) instanceof Decoded.Ok ok
                    && blackboard.applied(ok.payload().ticketId(), ok.envelope().id());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean blankId(Input input) {
        try {
            return Codec.decode(input.value(), expected(input.topic())) instanceof Decoded.Ok ok
                    && ok.envelope().id().isBlank();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String describe(Input input) {
        if (input.value() == null) {
            return input.topic() + "-" + input.partition() + "@" + input.offset() + " (no value)";
        }
        String text = new String(input.value(), 0, Math.min(200, input.value().length), StandardCharsets.UTF_8);
        return input.topic() + "-" + input.partition() + "@" + input.offset() + " (" + input.value().length
                + " bytes) " + text.replaceAll("\\s+", " ");
    }

    /** Dead letters from {@code topic}, by {@code partition@offset}. */
    private static Map<String, DeadLetter> deadLetters(String topic) {
        Map<String, DeadLetter> letters = new HashMap<>();
        for (var record : TopicRecords.readAll(bootstrap, Topics.DLQ)) {
            if (Codec.decode(record.value(), Payload.DlqMessage.class) instanceof Decoded.Ok ok
                    && ok.payload() instanceof DeadLetter letter && letter.sourceTopic().equals(topic)) {
                letters.putIfAbsent(letter.partition() + "@" + letter.offset(), letter);
            }
        }
        return letters;
    }

    /**
     * Waits until the coordinator's group committed past every input; false after {@code timeout}, or once the
     * committed offsets made no progress for {@code stall}.
     */
    private static boolean awaitConsumed(List<Input> sent, Duration timeout, Duration stall) throws Exception {
        Map<TopicPartition, Long> needed = new HashMap<>();
        for (Input input : sent) {
            needed.merge(new TopicPartition(input.topic(), input.partition()), input.offset() + 1, Math::max);
        }
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            Instant deadline = Instant.now().plus(timeout);
            Instant progressed = Instant.now();
            long last = -1;
            while (Instant.now().isBefore(deadline) && Instant.now().isBefore(progressed.plus(stall))) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
                long behind = 0;
                long total = 0;
                for (var e : needed.entrySet()) {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    long at = c == null ? 0 : c.offset();
                    behind += Math.max(0, e.getValue() - at);
                    total += at;
                }
                if (behind == 0) {
                    return true;
                }
                if (total != last) {
                    last = total;
                    progressed = Instant.now();
                }
                Thread.sleep(500);
            }
            return false;
        }
    }

    /** Samples the coordinator's health every 50 ms. */
    static final class HealthSampler implements Runnable {
        final AtomicLong samples = new AtomicLong();
        final AtomicLong unhealthy = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);

        @Override
        public void run() {
            while (running.get()) {
                samples.incrementAndGet();
                if (!coordinator.healthy()) {
                    unhealthy.incrementAndGet();
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() {
            running.set(false);
        }
    }
}
