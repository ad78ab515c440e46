package dev.baton.agent.work;

import dev.baton.agent.AgentConfig;
import dev.baton.blackboard.Blackboard;
import dev.baton.protocol.kafka.KafkaClients;
import dev.baton.telemetry.log.Logs;
import dev.baton.telemetry.metrics.MetricsRegistry;
import java.time.Duration;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one agent: its work loop on a virtual thread, with {@code /healthz} and {@code /metrics} (the loop's and the
 * agent's own figures), until {@link #close()} (or SIGTERM through {@link #main}, which also names the process
 * {@code agent-<role>} in its JSON log lines).
 */
public final class AgentService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentService.class);

    private final Blackboard blackboard;
    private final KafkaProducer<String, byte[]> producer;
    private final WorkLoop loop;
    private final Thread thread;
    private final HealthServer health;
    private final MetricsRegistry metrics = new MetricsRegistry();

    public AgentService(AgentConfig config, Agent agent) {
        String id = config.role().id() + "-" + ProcessHandle.current().pid();
        // Topics may not exist yet when an agent starts before the coordinator; creating them is idempotent.
        KafkaClients.ensureTopics(config.kafkaBootstrap(), 3, (short) 1);
        this.blackboard = Blackboard.connect(config.redisUri());
        this.producer = KafkaClients.producer(config.kafkaBootstrap(), id);
        this.loop = new WorkLoop(config.role(), id, KafkaClients.consumer(config.kafkaBootstrap(),
                "baton-" + config.role().id(), id, 1), producer, blackboard, agent, metrics);
        agent.register(metrics);
        this.thread = Thread.ofVirtual().name(id).start(loop);
        this.health = startHealth(config);
        LOG.info("{} agent consuming {} through proxy {}{}", config.role().id(), config.role().workTopic(),
                config.proxyUrl(), health == null ? "" : ", health on :" + health.port() + "/healthz");
    }

    /**
     * Starts the agent built by {@code factory} and keeps the process alive until SIGTERM, which stops it
     * gracefully (see {@link WorkLoop#stop(Duration)}). Exits with status 1 if the work loop dies on an
     * unexpected error, so the supervisor restarts the agent.
     */
    public static void main(AgentConfig config, Function<AgentConfig, Agent> factory) throws InterruptedException {
        Logs.identify("agent-" + config.role().id(), config.role().id());
        var service = new AgentService(config, factory.apply(config));
        var closing = new java.util.concurrent.atomic.AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closing.set(true);
            try {
                service.close();
                LOG.info("{} agent stopped", config.role().id());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        service.thread.join();
        if (!closing.get()) {
            LOG.error("the {} work loop died; exiting so the supervisor restarts the agent", config.role().id());
            System.exit(1);
        }
    }

    private HealthServer startHealth(AgentConfig config) {
        if (config.healthPort() < 0) {
            return null;
        }
        try {
            return new HealthServer(config.healthHost(), config.healthPort(), loop::healthy, metrics::render);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot serve /healthz on port " + config.healthPort() + ": "
                    + e.getMessage() + "; set agent.health-port to a free port, 0 for any, -1 for none", e);
        }
    }

    /** The port of {@code /healthz} and {@code /metrics}, or -1 when disabled. */
    public int healthPort() {
        return health == null ? -1 : health.port();
    }

    @Override
    public void close() throws InterruptedException {
        close(Duration.ofSeconds(10));
    }

    /** Stops gracefully: the stage in flight may finish within {@code grace}, else another replica redoes it. */
    public void close(Duration grace) throws InterruptedException {
        if (health != null) {
            health.close();
        }
        loop.stop(grace);
        thread.join();
        producer.close();
        blackboard.close();
    }
}
