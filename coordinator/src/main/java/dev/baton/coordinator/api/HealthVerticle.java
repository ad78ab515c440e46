package dev.baton.coordinator.api;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.BooleanSupplier;

/** Serves {@code /healthz}: 200 while the consumer loop is healthy, 503 otherwise. */
public final class HealthVerticle extends VerticleBase {
    private final int port;
    private final BooleanSupplier healthy;
    private HttpServer server;

    public HealthVerticle(int port, BooleanSupplier healthy) {
        this.port = port;
        this.healthy = healthy;
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer()
                .requestHandler(this::handle)
                .listen(port, "127.0.0.1")
                .onSuccess(s -> server = s);
    }

    public int actualPort() {
        return server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        if (!request.path().equals("/healthz")) {
            request.response().setStatusCode(404).end("{\"error\":\"not found\"}");
            return;
        }
        boolean ok = healthy.getAsBoolean();
        request.response()
                .setStatusCode(ok ? 200 : 503)
                .putHeader("content-type", "application/json")
                .end("{\"status\":\"" + (ok ? "up" : "down") + "\"}");
    }
}
