package dev.baton.coordinator;

import dev.baton.coordinator.api.ApiVerticle;
import dev.baton.protocol.config.ConfigException;
import dev.baton.protocol.config.ConfigSource;
import dev.baton.protocol.token.TaskTokens;
import dev.baton.telemetry.log.Logs;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator service's entry point: the consumer loop plus the HTTP API and dashboard. Exits with status 2
 * on a configuration error (e.g. no operator token). Its log lines are JSON, with no operator token or signing key. Stops cleanly on SIGTERM.
 */
public final class CoordinatorMain {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorMain.class);

    private CoordinatorMain() {}

    public static void main(String[] args) throws Exception {
        Logs.identify("coordinator", null);
        CoordinatorConfig config;
        TaskTokens tokens;
        try {
            ConfigSource source = ConfigSource.fromEnvironment();
            config = CoordinatorConfig.load(source);
            Logs.mask(config.requireOperators().tokens().values());
            source.find(TaskTokens.KEY_CONFIG).ifPresent(Logs::mask);
            tokens = TaskTokens.fromConfig(source);
        } catch (ConfigException e) {
            LOG.error("coordinator not started: {}", e.getMessage());
            System.exit(2);
            return;
        }
        var coordinator = new Coordinator(config, tokens::mint);
        Vertx vertx = Vertx.vertx();
        var api = new ApiVerticle(config, coordinator.blackboard(), coordinator::healthy, coordinator.metrics());
        vertx.deployVerticle(api).await();
        LOG.info("coordinator listening on http://{}:{} (dashboard /dashboard/, operators {}, kafka {}, redis {})",
                config.httpHost(), api.actualPort(), config.operators().tokens().keySet(), config.kafkaBootstrap(),
                config.redisUri().replaceAll("//[^@/]*@", "//***@"));
        var closing = new java.util.concurrent.atomic.AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closing.set(true);
            try {
                vertx.close().await();
                coordinator.close();
                LOG.info("coordinator stopped: processed offsets committed, consumer group left");
            } catch (Exception e) {
                LOG.warn("unclean shutdown: {}", e.toString());
            }
        }));
        coordinator.awaitLoopEnd();
        if (!closing.get()) {
            LOG.error("the consumer loop died; exiting so the supervisor restarts the coordinator");
            System.exit(1);
        }
    }
}
