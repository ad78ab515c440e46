package dev.baton.coordinator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.Topics;
import dev.baton.testkit.BatonInfra;
import dev.baton.testkit.KafkaBroker;
import dev.baton.testkit.RedisServer;
import dev.baton.testkit.fuzz.FuzzReport;
import dev.baton.testkit.fuzz.HttpFuzz;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz of the coordinator's HTTP API: {@value #INPUTS_DEFAULT} seeded raw requests (every route, mutated paths,
 * queries, bodies and tokens, unexpected methods, now and then broken HTTP framing) against the API on its own Redis
 * and the shared broker. No answer may be a 5xx or a dropped connection; every refusal is a 4xx with
 * {@code {"error":{"code","message"}}}, also those of the HTTP codec; {@code /healthz} answers after every batch of
 * 1,000 and the API a valid request at the end. Knobs: {@code -Dbaton.fuzz.seed}, {@code -Dbaton.fuzz.inputs}.
 */
@BatonInfra
@DisplayName("fuzz: coordinator HTTP API")
class ApiFuzzIT {
    static final int INPUTS_DEFAULT = 10_000;
    static final long SEED = Long.getLong("baton.fuzz.seed", 20261122L);
    static final int INPUTS = Integer.getInteger("baton.fuzz.inputs", INPUTS_DEFAULT);

    static RedisServer redis;
    static ApiHarness api;
    static final List<String> tickets = new ArrayList<>();

    @BeforeAll
    static void start(KafkaBroker kafka) throws Exception {
        // Its own Redis: fuzzed fleet halts and budget changes must not reach other test classes' tickets.
        redis = RedisServer.start();
        api = new ApiHarness(kafka.bootstrapServers(), redis.uri());
        for (int i = 0; i < 5; i++) {
            var created = api.post("/api/tickets", "{\"repo\":\"file:///fuzz/api.git\",\"title\":\"Fuzz target " + i
                    + "\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(202);
            tickets.add(created.json().path("ticketId").asText());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.post("/api/fleet/resume", "{\"reason\":\"fuzz over\"}");
            awaitConsumed(Duration.ofSeconds(60));
            api.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    @DisplayName("every request is answered with a success or a 4xx JSON error, never a 5xx or a dropped connection")
    void shouldAnswerEveryRequestWithASuccessOrAJsonError() throws Exception {
        var fuzzer = new ApiFuzzer(new Random(SEED), ApiHarness.TOKEN, tickets);
        List<byte[]> requests = new ArrayList<>(INPUTS);
        for (int i = 0; i < INPUTS; i++) {
            requests.add(fuzzer.next());
        }
        var report = new FuzzReport("coordinator", "HTTP API", SEED);
        new HttpFuzz(api.api.actualPort(), "/healthz").run(report, requests, HttpFuzz::jsonError);
        var list = api.get("/api/tickets");
        report.print();

        assertThat(report.unacceptable()).as("answers that are a 5xx, none, a connection left open, or a 4xx without "
                + "{error:{code,message}}; the first of each kind:\n%s", report.firstProblems()).isZero();
        assertThat(list.status()).as("the API still answers a valid request").isEqualTo(200);
    }

    /** Waits until the coordinator consumed everything the API published (so no halt outlives this class). */
    private static void awaitConsumed(Duration timeout) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, api.bootstrap);
        try (Admin admin = Admin.create(p)) {
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                var committed = admin.listConsumerGroupOffsets("baton-coordinator").partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
                for (String topic : List.of(Topics.TICKETS, Topics.CONTROL)) {
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                            .forEach(info -> latest.put(new TopicPartition(topic, info.partition()), OffsetSpec.latest()));
                }
                var ends = admin.listOffsets(latest).all().get();
                boolean caughtUp = ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                        || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset()));
                if (caughtUp) {
                    return;
                }
                Thread.sleep(500);
            }
        }
    }
}
