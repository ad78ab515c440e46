package dev.baton.testkit.fuzz;

import dev.baton.protocol.Codec;
import dev.baton.protocol.DeadLetter;
import dev.baton.protocol.Decoded;
import dev.baton.protocol.Payload;
import dev.baton.protocol.Topics;
import dev.baton.testkit.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Drives a fuzz of a consumer group on the real broker: sends fuzzed records, waits until the group committed
 * past them, and finds the dead letter each record got on {@value Topics#DLQ}. Thread-safe; every call opens its
 * own clients.
 */
public final class TopicFuzz {
    private final String bootstrap;
    private final String group;

    public TopicFuzz(String bootstrap, String group) {
        this.bootstrap = bootstrap;
        this.group = group;
    }

    /** A record sent, where it landed. */
    public record Sent(String topic, int partition, long offset, byte[] value) {
        /** {@code partition@offset}, as a dead letter names its origin. */
        public String origin() {
            return partition + "@" + offset;
        }

        /** Where it is and how it starts, on one line. */
        public String describe() {
            String where = topic + "-" + partition + "@" + offset;
            if (value == null) {
                return where + " (no value)";
            }
            return where + " (" + value.length + " bytes) " + FuzzReport.clip(new String(value, 0,
                    Math.min(200, value.length), StandardCharsets.UTF_8), 200);
        }
    }

    /** Sends {@code values} to {@code topic}, keyed as {@link #key} picks, and returns where each landed. */
    public List<Sent> send(Producer<String, byte[]> producer, String topic, List<byte[]> values, Random random)
            throws Exception {
        List<Future<RecordMetadata>> futures = new ArrayList<>(values.size());
        for (byte[] value : values) {
            futures.add(producer.send(new ProducerRecord<>(topic, key(value, random), value)));
        }
        List<Sent> sent = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            RecordMetadata m = futures.get(i).get(60, TimeUnit.SECONDS);
            sent.add(new Sent(topic, m.partition(), m.offset(), values.get(i)));
        }
        return sent;
    }

    /** Mostly the ticket id the value names (so one ticket's records stay ordered), sometimes anything. */
    public static String key(byte[] value, Random random) {
        if (value != null && random.nextInt(10) > 0 && Codec.decode(value, Payload.class) instanceof Decoded.Ok ok) {
            return ok.payload().ticketId();
        }
        return switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> "";
            default -> Long.toHexString(random.nextLong());
        };
    }

    /**
     * What a consumer does with a value it cannot take, done here: decode, and build the dead letter. Null when that
     * works; otherwise the exception, which a consumer would retry forever, stalling its partition.
     */
    public static String deadLetterProblem(byte[] value, Class<? extends Payload> expected) {
        try {
            if (Codec.decode(value, expected) instanceof Decoded.Failed f) {
                new DeadLetter(f.ticketId(), "topic", 0, 0, f.code(), f.reason(), "", 0);
            }
            return null;
        } catch (RuntimeException e) {
            return FuzzReport.clip(e.toString(), 300);
        }
    }

    /** The dead letters of records from {@code topic}, by {@link Sent#origin()}. */
    public Map<String, DeadLetter> deadLetters(String topic) {
        Map<String, DeadLetter> letters = new HashMap<>();
        for (var record : TopicRecords.readAll(bootstrap, Topics.DLQ)) {
            if (Codec.decode(record.value(), Payload.DlqMessage.class) instanceof Decoded.Ok ok
                    && ok.payload() instanceof DeadLetter letter && letter.sourceTopic().equals(topic)) {
                letters.putIfAbsent(letter.partition() + "@" + letter.offset(), letter);
            }
        }
        return letters;
    }

    /**
     * Waits until the group committed past every sent record; false after {@code timeout}, or once the committed
     * offsets made no progress for {@code stall}.
     */
    public boolean awaitConsumed(List<Sent> sent, Duration timeout, Duration stall) throws Exception {
        Map<TopicPartition, Long> needed = new HashMap<>();
        for (Sent s : sent) {
            needed.merge(new TopicPartition(s.topic(), s.partition()), s.offset() + 1, Math::max);
        }
        try (Admin admin = admin()) {
            Instant deadline = Instant.now().plus(timeout);
            Instant progressed = Instant.now();
            long last = -1;
            while (Instant.now().isBefore(deadline) && Instant.now().isBefore(progressed.plus(stall))) {
                var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                long behind = 0;
                long total = 0;
                for (var e : needed.entrySet()) {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    long at = c == null ? 0 : c.offset();
                    behind += Math.max(0, e.getValue() - at);
                    total += at;
                }
                if (behind == 0) {
                    return true;
                }
                if (total != last) {
                    last = total;
                    progressed = Instant.now();
                }
                Thread.sleep(500);
            }
            return false;
        }
    }

    /**
     * Moves the group (which must have no running member) past everything on {@code topics}: an input a consumer
     * could not get past must not stall the next test sharing the broker.
     */
    public void skipToEnd(List<String> topics) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : topics) {
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .forEach(info -> latest.put(new TopicPartition(topic, info.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, new OffsetAndMetadata(info.offset())));
            Instant deadline = Instant.now().plusSeconds(60);
            while (true) {
                try {
                    // fails while the group still has members (a consumer closing leaves it shortly after)
                    admin.alterConsumerGroupOffsets(group, ends).all().get(10, TimeUnit.SECONDS);
                    return;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw e;
                    }
                    Thread.sleep(500);
                }
            }
        }
    }

    private Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(p);
    }
}
