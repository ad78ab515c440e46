package dev.baton.agent.work;

import dev.baton.agent.AgentConfig;
import dev.baton.blackboard.Blackboard;
import dev.baton.protocol.kafka.KafkaClients;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one agent: its work loop on a virtual thread, until {@link #close()} (or SIGTERM through {@link #main}). */
public final class AgentService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentService.class);

    private final Blackboard blackboard;
    private final KafkaProducer<String, byte[]> producer;
    private final WorkLoop loop;
    private final Thread thread;

    public AgentService(AgentConfig config, Agent agent) {
        String id = config.role().id() + "-" + ProcessHandle.current().pid();
        this.blackboard = Blackboard.connect(config.redisUri());
        this.producer = KafkaClients.producer(config.kafkaBootstrap(), id);
        this.loop = new WorkLoop(config.role(), KafkaClients.consumer(config.kafkaBootstrap(),
                "baton-" + config.role().id(), id), producer, blackboard, agent);
        this.thread = Thread.ofVirtual().name(id).start(loop);
        LOG.info("{} agent consuming {} through proxy {}", config.role().id(), config.role().workTopic(),
                config.proxyUrl());
    }

    /** Starts the agent built by {@code factory} and keeps the process alive until SIGTERM. */
    public static void main(AgentConfig config, Function<AgentConfig, Agent> factory) throws InterruptedException {
        var service = new AgentService(config, factory.apply(config));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        service.thread.join();
    }

    @Override
    public void close() throws InterruptedException {
        loop.stop();
        thread.join();
        producer.close();
        blackboard.close();
    }
}
