package dev.baton.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.protocol.Role;
import dev.baton.protocol.Topics;
import dev.baton.protocol.config.ConfigSource;
import dev.baton.protocol.token.TaskScopes;
import dev.baton.protocol.token.TaskTokens;
import dev.baton.proxy.secrets.SecretStore;
import dev.baton.testkit.KafkaBroker;
import dev.baton.testkit.RedisServer;
import dev.baton.testkit.ScriptedModelServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A running proxy for one test class: its own scripted upstream, its own Redis (budgets are per role, so
 * classes must not share them), the shared Kafka broker, and a minter holding the same signing key.
 */
final class ProxyHarness implements AutoCloseable {
    static final String PROVIDER_KEY = "sk-provider-key-for-tests-0123456789abcdef";
    static final String TOKEN_KEY = "token-signing-key-for-tests-0123456789abcdef";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    final ScriptedModelServer upstream = ScriptedModelServer.start();
    final RedisServer redisServer = RedisServer.start();
    final KafkaBroker kafka = KafkaBroker.shared();
    final RedisClient redisClient = RedisClient.create(redisServer.uri());
    final StatefulRedisConnection<String, String> connection = redisClient.connect();
    final TaskTokens tokens = new TaskTokens(TOKEN_KEY, Clock.systemUTC());
    final VaultProxy proxy;

    ProxyHarness(Map<String, String> extraEnv) {
        this(extraEnv, Map.of());
    }

    ProxyHarness(Map<String, String> extraEnv, Map<String, String> extraSecrets) {
        kafka.createTopics(1, Topics.EVENTS);
        Map<String, String> secrets = new HashMap<>(Map.of("provider_key", PROVIDER_KEY, "token_key", TOKEN_KEY));
        secrets.putAll(extraSecrets);
        proxy = VaultProxy.start(config(upstream.baseUrl(), redisServer.uri(), kafka.bootstrapServers(), extraEnv),
                SecretStore.of(secrets));
    }

    static ProxyConfig config(String upstreamUrl, String redisUri, String kafka, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of(
                "BATON_PROXY_PORT", "0",
                "BATON_PROXY_UPSTREAM_URL", upstreamUrl,
                "BATON_PROXY_MODEL_PM", "pm",
                "BATON_PROXY_MODEL_ENGINEER", "engineer",
                "BATON_PROXY_MODEL_REVIEWER", "reviewer",
                "BATON_REDIS_URI", redisUri,
                "BATON_KAFKA_BOOTSTRAP", kafka));
        env.putAll(extra);
        return ProxyConfig.load(new ConfigSource(env, Json.MAPPER.createObjectNode()));
    }

    RedisCommands<String, String> redis() {
        return connection.sync();
    }

    static String ticket() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    String token(Role role, String ticket) {
        return tokens.mint(role, ticket, role == Role.PM ? "plan" : "task-1", TaskScopes.forRole(role),
                Duration.ofMinutes(30));
    }

    String chatUrl() {
        return proxy.baseUrl() + "/v1/chat/completions";
    }

    HttpResponse<String> chat(String token, String body) throws IOException, InterruptedException {
        return post(chatUrl(), token == null ? Map.of() : Map.of("Authorization", "Bearer " + token), body);
    }

    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(proxy.baseUrl() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url, Map<String, String> headers, String body)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.MAPPER.readTree(response.body());
    }

    static String chatBody(String content) {
        return "{\"model\":\"whatever\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
    }

    @Override
    public void close() {
        proxy.close();
        connection.close();
        redisClient.shutdown();
        redisServer.close();
        upstream.close();
    }
}
