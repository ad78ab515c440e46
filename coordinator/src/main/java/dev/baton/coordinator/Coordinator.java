package dev.baton.coordinator;

import dev.baton.blackboard.Blackboard;
import dev.baton.coordinator.intake.CoordinatorLoop;
import dev.baton.coordinator.intake.DeadlineSweeper;
import dev.baton.coordinator.workflow.Deadlines;
import dev.baton.coordinator.intake.DeadLetters;
import dev.baton.coordinator.intake.Outbox;
import dev.baton.coordinator.intake.TicketProcessor;
import dev.baton.coordinator.metrics.LoopMetrics;
import dev.baton.coordinator.workflow.Dispatcher;
import dev.baton.coordinator.workflow.Workflow;
import dev.baton.protocol.kafka.KafkaClients;
import dev.baton.telemetry.metrics.MetricsRegistry;
import java.time.Clock;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/**
 * The coordinator wired together: blackboard, workflow, consumer loop, and the loop's metrics ({@link #metrics()},
 * served on {@code /metrics} with the API's). {@link #close()} stops it cleanly.
 */
public final class Coordinator implements AutoCloseable {
    private final Blackboard blackboard;
    private final KafkaProducer<String, byte[]> producer;
    private final CoordinatorLoop loop;
    private final Thread thread;
    private final DeadlineSweeper sweeper;
    private final Thread sweeperThread;
    private final MetricsRegistry metrics = new MetricsRegistry();

    public Coordinator(CoordinatorConfig config, Dispatcher.TokenMinter tokens) {
        KafkaClients.ensureTopics(config.kafkaBootstrap(), config.topicPartitions(), (short) 1);
        this.blackboard = Blackboard.connect(config.redisUri());
        this.producer = KafkaClients.producer(config.kafkaBootstrap(), "coordinator");
        var dispatcher = new Dispatcher(tokens, config.stages(), Clock.systemUTC());
        var workflow = new Workflow(dispatcher, config.maxReviewRounds(), config.gates(), Clock.systemUTC());
        var deadlines = new Deadlines(workflow);
        var watched = new LoopMetrics(metrics);
        Producer<String, byte[]> out = watched.watch(producer);
        var processor = new TicketProcessor(blackboard, workflow, deadlines, new Outbox(out), new DeadLetters(out));
        this.sweeper = new DeadlineSweeper(blackboard, processor, config.sweepInterval());
        this.sweeperThread = Thread.ofVirtual().name("deadline-sweeper").start(sweeper);
        this.loop = new CoordinatorLoop(watched.watch(
                KafkaClients.consumer(config.kafkaBootstrap(), "baton-coordinator", "coordinator")), out, processor);
        this.thread = Thread.ofVirtual().name("coordinator-loop").start(loop);
        metrics.gauge("baton_coordinator_up", "1 while the ticket consumer loop is healthy.", () -> healthy() ? 1 : 0);
    }

    public Blackboard blackboard() {
        return blackboard;
    }

    /** The coordinator's metrics registry: the loop's figures, to which the HTTP API adds its own. */
    public MetricsRegistry metrics() {
        return metrics;
    }

    public boolean healthy() {
        return loop.healthy();
    }

    /** Blocks until the consumer loop ends: after {@link #close()}, or when it died on an unexpected error. */
    public void awaitLoopEnd() throws InterruptedException {
        thread.join();
    }

    @Override
    public void close() throws InterruptedException {
        sweeper.stop();
        sweeperThread.interrupt();
        sweeperThread.join();
        loop.stop();
        thread.join();
        producer.close();
        blackboard.close();
    }
}
