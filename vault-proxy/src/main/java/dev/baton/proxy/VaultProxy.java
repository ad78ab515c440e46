package dev.baton.proxy;

import dev.baton.proxy.internal.Components;
import dev.baton.proxy.internal.ProxyVerticle;
import dev.baton.proxy.secrets.SecretStore;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault proxy, embeddable: an OpenAI-compatible gateway that holds the provider keys so agents never
 * do. It authenticates agents by their signed task tokens, enforces budgets on the blackboard, redacts
 * secrets from what it forwards, and audits every call on {@code baton.events}. {@link #start} blocks until
 * it listens; {@link #close} stops it.
 *
 * <p>Thread-safety: all methods may be called from any thread; requests are served on the proxy's own
 * Vert.x event loop, which never blocks. Failure modes: {@link #start} throws {@link IllegalStateException}
 * naming the missing secret and its environment variable (an upstream key, or {@code token_key}), when Redis
 * cannot be reached, or when the port cannot be bound. While running, a Redis outage refuses calls (503,
 * never unmetered); a Kafka outage only delays audit events.
 */
public final class VaultProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VaultProxy.class);

    private final Vertx vertx;
    private final Components components;
    private final int port;

    private VaultProxy(Vertx vertx, Components components, int port) {
        this.vertx = vertx;
        this.components = components;
        this.port = port;
    }

    /** Starts the proxy and returns once it accepts connections. */
    public static VaultProxy start(ProxyConfig config, SecretStore secrets) {
        Vertx vertx = Vertx.vertx();
        Components components;
        try {
            components = new Components(vertx, config, secrets);
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
        try {
            var verticle = new ProxyVerticle(config.host(), config.port(), config.idleTimeout(), components.chat(),
                    components.git(), components.metrics(), components::pingRedis);
            vertx.deployVerticle(verticle).await(30, TimeUnit.SECONDS);
            LOG.info("vault proxy listening on http://{}:{} (routes {})", config.host(), verticle.actualPort(),
                    config.routes().values().stream().map(r -> r.role().id() + "->" + r.targets()).toList());
            return new VaultProxy(vertx, components, verticle.actualPort());
        } catch (Exception e) {
            vertx.close();
            components.close();
            throw new IllegalStateException("vault proxy cannot listen on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage() + "; pick a free proxy.port (0 for any)", e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT}; agents use {@code baseUrl() + "/v1"} as their OpenAI base URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops listening, ends in-flight calls, flushes audit events. Idempotent. */
    @Override
    public void close() {
        vertx.close().await();
        components.close();
    }
}
