package dev.baton.coordinator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.protocol.Topics;
import dev.baton.testkit.BatonInfra;
import dev.baton.testkit.KafkaBroker;
import dev.baton.testkit.RedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * Fuzz of the coordinator's HTTP API: {@value #INPUTS_DEFAULT} seeded requests (every route, mutated paths, queries,
 * bodies and tokens, unexpected methods) against the API on its own Redis and the shared broker. No answer may be a
 * 5xx or a dropped connection; every refusal is a 4xx with {@code {"error":{"code","message"}}}; the API and the
 * consumer loop keep working. Knobs: {@code -Dbaton.fuzz.seed}, {@code -Dbaton.fuzz.inputs}.
 */
@BatonInfra
@DisplayName("fuzz: coordinator HTTP API")
class ApiFuzzIT {
    static final int INPUTS_DEFAULT = 10_000;
    static final long SEED = Long.getLong("baton.fuzz.seed", 20261122L);
    static final int INPUTS = Integer.getInteger("baton.fuzz.inputs", INPUTS_DEFAULT);
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

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
        List<ApiFuzzer.Request> requests = new ArrayList<>(INPUTS);
        for (int i = 0; i < INPUTS; i++) {
            requests.add(fuzzer.next());
        }
        Instant started = Instant.now();
        Map<Integer, Integer> byStatus = Collections.synchronizedMap(new TreeMap<>());
        List<String> bad = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (ApiFuzzer.Request request : requests) {
                done.add(pool.submit(() -> {
                    int status;
                    String problem;
                    try {
                        HttpResponse<byte[]> response = HTTP.send(build(request), HttpResponse.BodyHandlers.ofByteArray());
                        status = response.statusCode();
                        problem = judge(request, response);
                        if (problem != null) {
                            problem += ": " + status + " " + clip(new String(response.body(),
                                    java.nio.charset.StandardCharsets.UTF_8));
                        }
                    } catch (IOException e) {
                        status = -1;
                        problem = "no answer: " + e;
                    }
                    byStatus.merge(status, 1, Integer::sum);
                    if (problem != null) {
                        bad.add(problem + " <- " + request.method() + " " + clip(request.path()) + " body "
                                + (request.body() == null ? "none" : clip(new String(request.body(),
                                        java.nio.charset.StandardCharsets.UTF_8))));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(3, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        var list = api.get("/api/tickets");
        var health = api.call("GET", "/healthz", null, null, null);
        System.out.printf("[fuzz] coordinator API: %d requests (seed %d) in %d s, answers by status %s, unacceptable %d;"
                        + " afterwards GET /api/tickets %d, /healthz %d%n", INPUTS, SEED,
                Duration.between(started, Instant.now()).toSeconds(), byStatus, bad.size(), list.status(),
                health.status());
        Map<String, List<String>> kinds = new TreeMap<>();
        for (String b : bad) {
            String kind = b.contains("unexpected error: ") ? b.substring(0, b.indexOf(':')) + ": "
                    + b.substring(b.indexOf("unexpected error: ") + 18).split("[:\"]")[0] : b.split(" <- ")[0];
            kinds.computeIfAbsent(kind.length() > 160 ? kind.substring(0, 160) : kind, k -> new ArrayList<>()).add(b);
        }
        kinds.forEach((kind, all) -> {
            System.out.println("[fuzz]   " + all.size() + " x " + kind);
            all.stream().limit(2).forEach(b -> System.out.println("[fuzz]     " + b));
        });

        assertThat(bad.size()).as("answers that are a 5xx, no answer, or a 4xx without {error:{code,message}}; "
                + "the first: %s", bad.subList(0, Math.min(3, bad.size()))).isZero();
        assertThat(list.status()).as("the API still answers a valid request").isEqualTo(200);
        assertThat(health.status()).as("the coordinator is still healthy").isEqualTo(200);
    }

    private static HttpRequest build(ApiFuzzer.Request request) {
        var builder = HttpRequest.newBuilder(URI.create(api.url(request.path()))).timeout(Duration.ofSeconds(30))
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        if (request.authorization() != null) {
            builder.header("Authorization", request.authorization());
        }
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        return builder.build();
    }

    /** Null when acceptable: 2xx or 3xx, or a 4xx with an error object (any 4xx for HEAD, which has no body). */
    private static String judge(ApiFuzzer.Request request, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status < 400) {
            return null;
        }
        if (status >= 500) {
            return "a 5xx";
        }
        if (request.method().equals("HEAD")) {
            return null;
        }
        try {
            JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
            return error.path("code").isTextual() && !error.path("message").asText("").isBlank() ? null
                    : "a 4xx without {error:{code,message}}";
        } catch (IOException e) {
            return "a 4xx whose body is not JSON";
        }
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

    private static String clip(String s) {
        String flat = s.replaceAll("[\\r\\n]+", "⏎");
        return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
    }
}
