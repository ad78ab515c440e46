package dev.baton.agent.work;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.baton.telemetry.metrics.MetricsRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * An agent's {@code /healthz} (200 while its work loop is healthy, 503 while Kafka or Redis is unreachable) and
 * {@code /metrics} (Prometheus text). JDK HTTP server on virtual threads; thread-safe.
 */
final class HealthServer implements AutoCloseable {
    private final HttpServer server;

    HealthServer(String host, int port, BooleanSupplier healthy, Supplier<String> metrics) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/healthz", ex -> {
            boolean ok = healthy.getAsBoolean();
            send(ex, ok ? 200 : 503, "application/json", "{\"status\":\"" + (ok ? "up" : "down") + "\"}");
        });
        server.createContext("/metrics", ex -> send(ex, 200, MetricsRegistry.CONTENT_TYPE, metrics.get()));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("content-type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
