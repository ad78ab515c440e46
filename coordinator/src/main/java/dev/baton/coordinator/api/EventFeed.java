package dev.baton.coordinator.api;

import dev.baton.protocol.Codec;
import dev.baton.protocol.ControlCommand;
import dev.baton.protocol.Decoded;
import dev.baton.protocol.HandoffEvent;
import dev.baton.protocol.Payload;
import dev.baton.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code baton.events} and {@code baton.control} from the beginning (assigned partitions, no consumer
 * group, nothing committed) into an {@link EventIndex} and hands each new event to a listener (the SSE
 * streams). Runs on its own virtual thread; undecodable records are skipped (the DLQ is the producers' job).
 */
final class EventFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);
    private static final List<String> TOPICS = List.of(Topics.EVENTS, Topics.CONTROL);

    private final KafkaConsumer<String, byte[]> consumer;
    private final EventIndex index;
    private final Consumer<EventIndex.Entry> listener;
    private final ApiMetrics metrics;
    private final Thread thread;
    private volatile boolean running = true;

    EventFeed(String bootstrap, EventIndex index, Consumer<EventIndex.Entry> listener, ApiMetrics metrics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "coordinator-api-feed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.index = index;
        this.listener = listener;
        this.metrics = metrics;
        this.thread = Thread.ofVirtual().name("coordinator-api-feed").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            Map<TopicPartition, Long> end = assignFromBeginning();
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(250))) {
                    accept(record);
                }
                if (!index.caughtUp() && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    index.markCaughtUp();
                    LOG.info("event index caught up: {} ticket(s)", index.size());
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer
        } catch (RuntimeException e) {
            LOG.error("the event feed stopped; timelines and the live stream will not update: {}", e.toString(), e);
        } finally {
            consumer.close();
        }
    }

    private Map<TopicPartition, Long> assignFromBeginning() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer.endOffsets(partitions);
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        Class<? extends Payload> expected = record.topic().equals(Topics.CONTROL)
                ? Payload.ControlMessage.class : Payload.EventMessage.class;
        if (!(Codec.decode(record.value(), expected) instanceof Decoded.Ok ok)) {
            metrics.undecodable();
            return;
        }
        var envelope = ok.envelope();
        var entry = new EventIndex.Entry(envelope.id(), envelope.ticketId(), envelope.type(), envelope.occurredAt(),
                new String(record.value(), StandardCharsets.UTF_8));
        var state = ok.payload() instanceof HandoffEvent handoff ? handoff.to() : null;
        if (ok.payload() instanceof ControlCommand command && command.ticketId().equals(ControlCommand.FLEET)) {
            fleet(command, envelope.occurredAt());
        }
        if (index.add(entry, state)) {
            metrics.indexed();
            listener.accept(entry);
        }
    }

    private void fleet(ControlCommand command, java.time.Instant at) {
        switch (command.action()) {
            case HALT -> index.fleet(new EventIndex.Fleet(true, command.who(), command.reason(), at));
            case RESUME -> index.fleet(new EventIndex.Fleet(false, command.who(), command.reason(), at));
            default -> { }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10));
    }
}
