package dev.baton.proxy.bench;

import dev.baton.protocol.Json;
import dev.baton.protocol.Role;
import dev.baton.protocol.Topics;
import dev.baton.protocol.config.ConfigSource;
import dev.baton.protocol.token.TaskScopes;
import dev.baton.protocol.token.TaskTokens;
import dev.baton.proxy.ProxyConfig;
import dev.baton.proxy.VaultProxy;
import dev.baton.proxy.secrets.SecretStore;
import dev.baton.testkit.KafkaBroker;
import dev.baton.testkit.RedisServer;
import dev.baton.testkit.ScriptedModelServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Not a test: prints the latency the proxy adds, p50 and p99, against calling the same scripted upstream
 * directly, at a fixed request rate, both measured in the same run with requests interleaved. Usage:
 * {@code LatencyBenchmark [requestsPerSecond=100] [seconds=20]}; see the module README for the command.
 */
public final class LatencyBenchmark {
    private static final String TOKEN_KEY = "benchmark-token-key-0123456789abcdef0123456789";
    private static final String BODY =
            "{\"model\":\"x\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"benchmark\"}]}";

    private LatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        KafkaBroker kafka = KafkaBroker.shared();
        kafka.createTopics(1, Topics.EVENTS);
        try (ScriptedModelServer upstream = ScriptedModelServer.start(); RedisServer redis = RedisServer.start();
                VaultProxy proxy = VaultProxy.start(config(upstream.baseUrl(), redis.uri(), kafka.bootstrapServers()),
                        SecretStore.of(Map.of("provider_key", "sk-bench-provider-key-0123456789abcdef",
                                "token_key", TOKEN_KEY)))) {
            String token = new TaskTokens(TOKEN_KEY, Clock.systemUTC()).mint(Role.ENGINEER, "bench-1", "task-1",
                    TaskScopes.forRole(Role.ENGINEER), Duration.ofHours(1));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest direct = request(upstream.baseUrl() + "/chat/completions", "sk-direct");
            HttpRequest proxied = request(proxy.baseUrl() + "/v1/chat/completions", token);
            warmUp(http, direct, proxied);
            var run = new OpenLoop(http, rate, Duration.ofSeconds(seconds)).run(direct, proxied);
            run.print(System.out, rate, seconds);
        }
        System.exit(0);
    }

    private static ProxyConfig config(String upstream, String redis, String kafka) {
        return ProxyConfig.load(new ConfigSource(Map.of("BATON_PROXY_PORT", "0",
                "BATON_PROXY_UPSTREAM_URL", upstream, "BATON_PROXY_MODEL_PM", "pm",
                "BATON_PROXY_MODEL_ENGINEER", "engineer", "BATON_PROXY_MODEL_REVIEWER", "reviewer",
                "BATON_PROXY_PRICE_ENGINEER_INPUT", "1", "BATON_PROXY_PRICE_ENGINEER_OUTPUT", "1",
                "BATON_REDIS_URI", redis, "BATON_KAFKA_BOOTSTRAP", kafka), Json.MAPPER.createObjectNode()));
    }

    private static HttpRequest request(String url, String bearer) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bearer).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
    }

    private static void warmUp(HttpClient http, HttpRequest direct, HttpRequest proxied) throws Exception {
        for (int i = 0; i < 300; i++) {
            for (HttpRequest request : new HttpRequest[] {direct, proxied}) {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("warm-up call failed: " + response.statusCode() + " " + response.body());
                }
            }
        }
    }
}
