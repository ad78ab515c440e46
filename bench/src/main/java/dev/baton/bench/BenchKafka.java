package dev.baton.bench;

import dev.baton.protocol.kafka.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Kafka plumbing the benchmarks share; every client is built with Baton's own {@link KafkaClients} settings. */
final class BenchKafka {
    private BenchKafka() {}

    /**
     * A consumer with Baton's settings, assigned every partition of {@code topics} and positioned at their end,
     * so it sees only what is produced from now on.
     */
    static KafkaConsumer<String, byte[]> tail(String bootstrap, String... topics) {
        return atEnd(KafkaClients.consumer(bootstrap, "bench-tail-" + UUID.randomUUID(), "bench-tail"), topics);
    }

    /**
     * Like {@link #tail} but for an observer that only counts (not part of any measured path): it fetches in
     * batches (up to 50 ms late) so that watching the run costs the machine little CPU.
     */
    static KafkaConsumer<String, byte[]> observer(String bootstrap, String... topics) {
        var p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-observer-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 256 * 1024);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        return atEnd(new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer()), topics);
    }

    private static KafkaConsumer<String, byte[]> atEnd(KafkaConsumer<String, byte[]> consumer, String... topics) {
        var partitions = new ArrayList<TopicPartition>();
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    /**
     * Moves the committed offsets of (inactive) consumer {@code groups} to the end of {@code topic}s, so agents
     * started next do not answer work orders an earlier phase of the benchmark already answered.
     */
    static void skipToEnd(String bootstrap, Map<String, String> groupToTopic) {
        var props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            for (var entry : groupToTopic.entrySet()) {
                var topic = admin.describeTopics(List.of(entry.getValue())).allTopicNames().get().get(entry.getValue());
                var request = new HashMap<TopicPartition, OffsetSpec>();
                topic.partitions().forEach(p -> request.put(new TopicPartition(entry.getValue(), p.partition()),
                        OffsetSpec.latest()));
                var ends = admin.listOffsets(request).all().get();
                var offsets = new HashMap<TopicPartition, OffsetAndMetadata>();
                ends.forEach((tp, info) -> offsets.put(tp, new OffsetAndMetadata(info.offset())));
                admin.alterConsumerGroupOffsets(entry.getKey(), offsets).all().get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot move consumer group offsets: " + e.getCause(), e.getCause());
        }
    }

    static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }
}
