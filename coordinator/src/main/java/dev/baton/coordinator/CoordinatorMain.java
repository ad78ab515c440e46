package dev.baton.coordinator;

import dev.baton.coordinator.api.HealthVerticle;
import dev.baton.protocol.config.ConfigSource;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The coordinator service's entry point. Stops cleanly on SIGTERM. */
public final class CoordinatorMain {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorMain.class);

    private CoordinatorMain() {}

    public static void main(String[] args) throws Exception {
        CoordinatorConfig config = CoordinatorConfig.load(ConfigSource.fromEnvironment());
        var coordinator = new Coordinator(config,
                dev.baton.protocol.token.TaskTokens.fromConfig(ConfigSource.fromEnvironment())::mint);
        Vertx vertx = Vertx.vertx();
        var health = new HealthVerticle(config.httpPort(), coordinator::healthy);
        vertx.deployVerticle(health).await();
        LOG.info("coordinator listening on http://127.0.0.1:{} (kafka {}, redis {})", health.actualPort(),
                config.kafkaBootstrap(), config.redisUri());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                coordinator.close();
                vertx.close().await();
            } catch (Exception e) {
                LOG.warn("unclean shutdown: {}", e.toString());
            }
        }));
    }
}
