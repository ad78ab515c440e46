package dev.baton.proxy;

import dev.baton.proxy.chat.ChatHandler;
import dev.baton.proxy.chat.UpstreamClient;
import dev.baton.proxy.internal.ProxyVerticle;
import dev.baton.proxy.secrets.SecretStore;
import dev.baton.proxy.token.HeaderAuthenticator;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault proxy, embeddable: an OpenAI-compatible gateway that holds the provider keys so agents never
 * do. {@link #start} blocks until it listens; {@link #close} stops it.
 *
 * <p>Thread-safety: all methods may be called from any thread; requests are served on its own Vert.x event
 * loop, which never blocks. Failure modes: {@link #start} throws {@link IllegalStateException} naming the
 * secret (and its environment variable) when an upstream's key is missing, or when the port cannot be bound.
 */
public final class VaultProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VaultProxy.class);

    private final Vertx vertx;
    private final int port;

    private VaultProxy(Vertx vertx, int port) {
        this.vertx = vertx;
        this.port = port;
    }

    /** Starts the proxy and returns once it accepts connections. */
    public static VaultProxy start(ProxyConfig config, SecretStore secrets) {
        Map<String, String> keys = upstreamKeys(config, secrets);
        Vertx vertx = Vertx.vertx();
        try {
            var client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                    new PoolOptions().setHttp1MaxSize(256));
            var chat = new ChatHandler(config, new HeaderAuthenticator(),
                    new UpstreamClient(client, config.upstreams(), keys));
            var verticle = new ProxyVerticle(config.host(), config.port(), chat);
            vertx.deployVerticle(verticle).await(30, TimeUnit.SECONDS);
            LOG.info("vault proxy listening on http://{}:{} (routes {})", config.host(), verticle.actualPort(),
                    config.routes().values().stream().map(r -> r.role().id() + "->" + r.targets()).toList());
            return new VaultProxy(vertx, verticle.actualPort());
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("vault proxy cannot listen on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage() + "; pick a free proxy.port (0 for any)", e);
        }
    }

    private static Map<String, String> upstreamKeys(ProxyConfig config, SecretStore secrets) {
        Map<String, String> keys = new HashMap<>();
        for (Upstream upstream : config.upstreams().values()) {
            upstream.keySecret().ifPresent(name -> keys.put(upstream.name(), secrets.find(name).orElseThrow(() ->
                    new IllegalStateException("the API key of upstream '" + upstream.name() + "' (secret " + name
                            + ") is missing: set env " + SecretStore.envName(name) + " or put " + name
                            + "=... in the secrets file; for an upstream without auth set proxy.upstream."
                            + upstream.name() + ".key-secret=none"))));
        }
        return keys;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT}; agents use {@code baseUrl() + "/v1"} as their OpenAI base URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops listening and ends in-flight calls. Idempotent. */
    @Override
    public void close() {
        vertx.close().await();
    }
}
