package dev.baton.coordinator.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.blackboard.Blackboard;
import dev.baton.coordinator.Coordinator;
import dev.baton.coordinator.CoordinatorConfig;
import dev.baton.protocol.Codec;
import dev.baton.protocol.Decoded;
import dev.baton.protocol.Json;
import dev.baton.protocol.Payload;
import dev.baton.protocol.config.ConfigSource;
import dev.baton.protocol.kafka.KafkaClients;
import dev.baton.protocol.token.TaskTokens;
import dev.baton.testkit.TopicRecords;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The coordinator with its HTTP API on a free port, against the shared broker and Redis, and a client for it. The
 * shared token is operator {@code operator}; {@link #NAMED} operators each have their own ({@link #token}).
 */
final class ApiHarness implements AutoCloseable {
    static final String TOKEN = "it-operator-token-0123456789";
    static final String TOKEN_KEY = "it-token-key-0123456789abcdef0123456789abcdef";
    static final List<String> NAMED = List.of("dana", "eve", "ops", "sre", "budgets");

    final String bootstrap;
    final Coordinator coordinator;
    final Blackboard blackboard;
    final Vertx vertx = Vertx.vertx();
    final ApiVerticle api;
    final HttpClient http = HttpClient.newHttpClient();
    final KafkaProducer<String, byte[]> producer;

    ApiHarness(String bootstrap, String redisUri) {
        this.bootstrap = bootstrap;
        CoordinatorConfig config = config(bootstrap, redisUri, TOKEN);
        coordinator = new Coordinator(config, new TaskTokens(TOKEN_KEY, Clock.systemUTC())::mint);
        blackboard = coordinator.blackboard();
        api = new ApiVerticle(config, blackboard, coordinator::healthy, coordinator.metrics());
        vertx.deployVerticle(api).await();
        producer = KafkaClients.producer(bootstrap, "api-it");
    }

    static CoordinatorConfig config(String bootstrap, String redisUri, String token) {
        var env = new java.util.HashMap<>(Map.of("BATON_KAFKA_BOOTSTRAP", bootstrap, "BATON_REDIS_URI", redisUri,
                "BATON_COORDINATOR_PORT", "0"));
        if (token != null) {
            env.put("BATON_COORDINATOR_OPERATOR_TOKEN", token);
            env.put("BATON_COORDINATOR_OPERATORS", String.join(",", NAMED.stream().map(n -> n + "=" + token(n)).toList()));
        }
        return CoordinatorConfig.load(new ConfigSource(env, null));
    }

    /** The token of a {@link #NAMED} operator. */
    static String token(String operator) {
        return "it-" + operator + "-token-0123456789";
    }

    /** A request as a {@link #NAMED} operator. */
    Response as(String operator, String method, String path, String json) {
        return call(method, path, json, token(operator), "application/json");
    }

    String url(String path) {
        return "http://127.0.0.1:" + api.actualPort() + path;
    }

    Response get(String path) {
        return call("GET", path, null, TOKEN, "application/json");
    }

    Response post(String path, String json) {
        return call("POST", path, json, TOKEN, "application/json");
    }

    Response put(String path, String json) {
        return call("PUT", path, json, TOKEN, "application/json");
    }

    Response call(String method, String path, String body, String token, String contentType) {
        var request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null && contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Writes a payload to a topic as a producer outside the coordinator would. */
    void publish(String topic, Payload payload) throws Exception {
        producer.send(new ProducerRecord<>(topic, payload.ticketId(), Codec.encode(payload))).get();
    }

    /** The decoded messages of {@code ticketId} on {@code topic}. */
    List<Decoded.Ok> messages(String topic, Class<? extends Payload> type, String ticketId) {
        return TopicRecords.readAll(bootstrap, topic).stream()
                .filter(r -> ticketId.equals(r.key()))
                .map(r -> Codec.decode(r.value(), type))
                .filter(Decoded.Ok.class::isInstance).map(Decoded.Ok.class::cast).toList();
    }

    @Override
    public void close() throws Exception {
        producer.close();
        vertx.close().await();
        coordinator.close();
    }

    record Response(int status, String body, Map<String, List<String>> headers) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String errorCode() {
            return json().path("error").path("code").asText();
        }

        String errorMessage() {
            return json().path("error").path("message").asText();
        }
    }
}
