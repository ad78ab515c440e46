package dev.baton.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.protocol.config.ConfigSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/** Test helpers: config from a map of env-style keys, and a plain HTTP client. */
final class ProxyFixture {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private ProxyFixture() {}

    /** Config for all three roles on one upstream; models are named after the roles. */
    static ProxyConfig config(String upstreamUrl, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of(
                "BATON_PROXY_PORT", "0",
                "BATON_PROXY_UPSTREAM_URL", upstreamUrl,
                "BATON_PROXY_MODEL_PM", "pm",
                "BATON_PROXY_MODEL_ENGINEER", "engineer",
                "BATON_PROXY_MODEL_REVIEWER", "reviewer"));
        env.putAll(extra);
        return ProxyConfig.load(new ConfigSource(env, Json.MAPPER.createObjectNode()));
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

    static String chat(String content) {
        return "{\"model\":\"whatever\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
    }
}
