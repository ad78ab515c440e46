package dev.baton.coordinator;

import dev.baton.blackboard.Blackboard;
import dev.baton.coordinator.intake.CoordinatorLoop;
import dev.baton.coordinator.intake.DeadlineSweeper;
import dev.baton.coordinator.workflow.Deadlines;
import dev.baton.coordinator.intake.DeadLetters;
import dev.baton.coordinator.intake.Outbox;
import dev.baton.coordinator.intake.TicketProcessor;
import dev.baton.coordinator.workflow.Dispatcher;
import dev.baton.coordinator.workflow.Workflow;
import dev.baton.protocol.kafka.KafkaClients;
import java.time.Clock;
import org.apache.kafka.clients.producer.KafkaProducer;

/** The coordinator wired together: blackboard, workflow, consumer loop. {@link #close()} stops it cleanly. */
public final class Coordinator implements AutoCloseable {
    private final Blackboard blackboard;
    private final KafkaProducer<String, byte[]> producer;
    private final CoordinatorLoop loop;
    private final Thread thread;
    private final DeadlineSweeper sweeper;
    private final Thread sweeperThread;

    public Coordinator(CoordinatorConfig config, Dispatcher.TokenMinter tokens) {
        KafkaClients.ensureTopics(config.kafkaBootstrap(), config.topicPartitions(), (short) 1);
        this.blackboard = Blackboard.connect(config.redisUri());
        this.producer = KafkaClients.producer(config.kafkaBootstrap(), "coordinator");
        var dispatcher = new Dispatcher(tokens, config.stages(), Clock.systemUTC());
        var workflow = new Workflow(dispatcher, config.maxReviewRounds(), config.gates(), Clock.systemUTC());
        var deadlines = new Deadlines(workflow);
        var processor = new TicketProcessor(blackboard, workflow, deadlines, new Outbox(producer),
                new DeadLetters(producer));
        this.sweeper = new DeadlineSweeper(blackboard, processor, config.sweepInterval());
        this.sweeperThread = Thread.ofVirtual().name("deadline-sweeper").start(sweeper);
        this.loop = new CoordinatorLoop(
                KafkaClients.consumer(config.kafkaBootstrap(), "baton-coordinator", "coordinator"), producer, processor);
        this.thread = Thread.ofVirtual().name("coordinator-loop").start(loop);
    }

    public Blackboard blackboard() {
        return blackboard;
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
