package dev.baton.proxy;

import dev.baton.protocol.Role;
import dev.baton.protocol.token.TaskTokens;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/** {@link ProxyHarness} for tests in sub-packages. */
public final class ProxyHarnessAccess implements AutoCloseable {
    private final ProxyHarness harness;

    private ProxyHarnessAccess(ProxyHarness harness) {
        this.harness = harness;
    }

    public static ProxyHarnessAccess start(Map<String, String> env) {
        return new ProxyHarnessAccess(new ProxyHarness(env));
    }

    public static ProxyHarnessAccess start(Map<String, String> env, Map<String, String> secrets) {
        return new ProxyHarnessAccess(new ProxyHarness(env, secrets));
    }

    public static String tokenKey() {
        return ProxyHarness.TOKEN_KEY;
    }

    public static String providerKey() {
        return ProxyHarness.PROVIDER_KEY;
    }

    public static String ticket() {
        return ProxyHarness.ticket();
    }

    public TaskTokens tokens() {
        return harness.tokens;
    }

    public String token(Role role, String ticket) {
        return harness.token(role, ticket);
    }

    public RedisCommands<String, String> redis() {
        return harness.redis();
    }

    public String baseUrl() {
        return harness.proxy.baseUrl();
    }

    public dev.baton.testkit.ScriptedModelServer upstream() {
        return harness.upstream;
    }

    public String kafkaBootstrap() {
        return harness.kafka.bootstrapServers();
    }

    public long upstreamRequests(String model) {
        return harness.upstream.requests(model).size();
    }

    /** A chat call with the token (if any) and extra headers. */
    public HttpResponse<String> chat(String token, Map<String, String> headers) throws IOException, InterruptedException {
        return chat(token, headers, ProxyHarness.chatBody("hello"));
    }

    public HttpResponse<String> chat(String token, Map<String, String> headers, String body)
            throws IOException, InterruptedException {
        Map<String, String> all = new HashMap<>(headers);
        if (token != null) {
            all.put("Authorization", "Bearer " + token);
        }
        return ProxyHarness.post(harness.chatUrl(), all, body);
    }

    @Override
    public void close() {
        harness.close();
    }
}
