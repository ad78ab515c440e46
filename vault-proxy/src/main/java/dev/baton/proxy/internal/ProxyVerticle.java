package dev.baton.proxy.internal;

import dev.baton.proxy.audit.Metrics;
import dev.baton.proxy.chat.ChatHandler;
import dev.baton.proxy.chat.OpenAiError;
import dev.baton.proxy.git.GitHandler;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Wires the proxy's routes to their handlers and listens. Holds no logic of its own. A connection silent both ways
 * for {@code idleTimeout} is closed; a request the HTTP codec cannot parse gets a JSON error ({@link CodecRefusals}).
 */
public final class ProxyVerticle extends VerticleBase {
    private static final long HEALTH_TIMEOUT_MS = 2000;
    private final String host;
    private final int port;
    private final Duration idleTimeout;
    private final ChatHandler chat;
    private final GitHandler git;
    private final Metrics metrics;
    private final Supplier<CompletionStage<String>> redisPing;
    private volatile HttpServer server;

    /** @param redisPing a PING of the proxy's Redis, for {@code /healthz} */
    public ProxyVerticle(String host, int port, Duration idleTimeout, ChatHandler chat, GitHandler git,
            Metrics metrics, Supplier<CompletionStage<String>> redisPing) {
        this.host = host;
        this.port = port;
        this.idleTimeout = idleTimeout;
        this.chat = chat;
        this.git = git;
        this.metrics = metrics;
        this.redisPing = redisPing;
    }

    @Override
    public Future<?> start() {
        var options = new HttpServerOptions().setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()));
        return vertx.createHttpServer(options)
                .requestHandler(this::route)
                .invalidRequestHandler(new CodecRefusals(metrics)::refuse)
                .listen(port, host)
                .onSuccess(listening -> server = listening);
    }

    /** The port actually bound; valid after a successful start. */
    public int actualPort() {
        return server.actualPort();
    }

    private void route(HttpServerRequest request) {
        String path = request.path();
        HttpMethod method = request.method();
        if (path.equals("/v1/chat/completions") && method == HttpMethod.POST) {
            chat.completions(request);
        } else if (path.equals("/v1/models") && method == HttpMethod.GET) {
            chat.models(request);
        } else if (path.startsWith("/git/")) {
            git.handle(request);
        } else if (path.equals("/metrics") && method == HttpMethod.GET) {
            request.response().putHeader("Content-Type", "text/plain; version=0.0.4").end(metrics.render());
        } else if (path.equals("/healthz") && method == HttpMethod.GET) {
            health(request);
        } else {
            OpenAiError.send(request.response(), 404, "unknown_url", "no route for " + method + " " + path);
        }
    }

    /** 200 while Redis answers a PING within the timeout (every call needs it for tokens and budgets), else 503. */
    private void health(HttpServerRequest request) {
        VertxFutures.of(redisPing.get().toCompletableFuture().orTimeout(HEALTH_TIMEOUT_MS, TimeUnit.MILLISECONDS))
                .onComplete(ping -> request.response().setStatusCode(ping.succeeded() ? 200 : 503)
                        .putHeader("Content-Type", "application/json")
                        .end(ping.succeeded() ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\",\"reason\":\"Redis does not "
                                + "answer a PING within " + HEALTH_TIMEOUT_MS + " ms\"}"));
    }
}
