package dev.baton.proxy;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One OpenAI-compatible provider endpoint.
 *
 * @param name      the name used in routes, e.g. {@code default} or {@code openai}
 * @param baseUrl   the API base, ending before {@code /chat/completions}, e.g. {@code https://api.openai.com/v1}
 * @param keySecret the {@code SecretStore} name of its API key, or empty for an endpoint without auth
 * @param timeout   how long the upstream may stay silent (before the first byte and between bytes)
 */
public record Upstream(String name, URI baseUrl, Optional<String> keySecret, Duration timeout) {

    public Upstream {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(keySecret, "keySecret");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** The absolute URL of {@code path} (e.g. {@code /chat/completions}) on this upstream. */
    public String url(String path) {
        String base = baseUrl.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }
}
