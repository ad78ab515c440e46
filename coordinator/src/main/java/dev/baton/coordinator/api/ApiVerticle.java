package dev.baton.coordinator.api;

import dev.baton.blackboard.Blackboard;
import dev.baton.coordinator.CoordinatorConfig;
import dev.baton.coordinator.Operators;
import dev.baton.protocol.kafka.KafkaClients;
import dev.baton.telemetry.metrics.MetricsRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import java.util.function.BooleanSupplier;

/**
 * The coordinator's HTTP server: the operator API under {@code /api} (bearer token), the dashboard under
 * {@code /dashboard/}, {@code /healthz} and {@code /metrics} (the given registry's figures plus the API's); a
 * request the HTTP codec cannot parse gets a JSON error too ({@link CodecRefusals}). An event-loop verticle: Redis
 * and Kafka calls run
 * on worker threads, the event feed on its own virtual thread.
 *
 * <p>Deploying fails with a {@link dev.baton.protocol.config.ConfigException} when
 * no operator is configured ({@code coordinator.operator-token}, {@code coordinator.operators}), and with the bind error when the port is taken.
 */
public final class ApiVerticle extends VerticleBase {
    /** Bounds of the in-memory event index: events per ticket, tickets, characters of JSON. */
    private static final int MAX_EVENTS_PER_TICKET = 5_000;
    private static final int MAX_TICKETS = 10_000;
    private static final long MAX_INDEX_CHARS = 256L * 1024 * 1024;

    private final CoordinatorConfig config;
    private final Blackboard blackboard;
    private final BooleanSupplier healthy;
    private final EventIndex index = new EventIndex(MAX_EVENTS_PER_TICKET, MAX_TICKETS, MAX_INDEX_CHARS);
    private final MetricsRegistry registry;
    private ApiMetrics metrics;
    private Publisher publisher;
    private EventFeed feed;
    private HttpServer server;

    /**
     * @param blackboard the coordinator's blackboard (shared, not closed by this verticle)
     * @param healthy    whether the coordinator's consumer loop is healthy, for {@code /healthz}
     */
    public ApiVerticle(CoordinatorConfig config, Blackboard blackboard, BooleanSupplier healthy) {
        this(config, blackboard, healthy, new MetricsRegistry());
    }

    /** @param metrics the registry {@code /metrics} serves (the coordinator's), to which the API adds its own */
    public ApiVerticle(CoordinatorConfig config, Blackboard blackboard, BooleanSupplier healthy, MetricsRegistry metrics) {
        this.config = config;
        this.blackboard = blackboard;
        this.healthy = healthy;
        this.registry = metrics;
    }

    @Override
    public Future<?> start() {
        Operators operators = config.requireOperators();
        metrics = new ApiMetrics(registry, index);
        return vertx.executeBlocking(() -> {
            publisher = new Publisher(KafkaClients.producer(config.kafkaBootstrap(), "coordinator-api"));
            feed = new EventFeed(config.kafkaBootstrap(), index, entry -> EventsApi.publish(vertx, entry), metrics);
            feed.start();
            return null;
        }).compose(v -> vertx.createHttpServer()
                .requestHandler(ApiRouter.create(vertx, blackboard, publisher, index, metrics, healthy, operators))
                .invalidRequestHandler(CodecRefusals::refuse)
                .listen(config.httpPort(), config.httpHost()))
                .onSuccess(s -> server = s);
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
            if (feed != null) {
                feed.close();
            }
            if (publisher != null) {
                publisher.close();
            }
            return null;
        });
    }

    /** The port the server listens on (useful with {@code coordinator.port=0}). */
    public int actualPort() {
        return server.actualPort();
    }
}
