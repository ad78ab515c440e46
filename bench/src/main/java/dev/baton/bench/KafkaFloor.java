package dev.baton.bench;

import dev.baton.protocol.kafka.KafkaClients;
import dev.baton.testkit.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The physical floor: Kafka alone, with Baton's client settings ({@link KafkaClients}), on the same broker.
 * {@link #hop()} is produce → consume. {@link #roundTrip()} is what a handoff costs Kafka: produce → a relay
 * consumes it in a consumer group and produces it again (no state, no commit) → consume, i.e. two hops. One
 * message in flight at a time. Not thread-safe.
 */
final class KafkaFloor implements AutoCloseable {
    static final String HOP = "bench.floor.hop";
    static final String PING = "bench.floor.ping";
    static final String PONG = "bench.floor.pong";
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** About the size of an encoded WorkResult / WorkOrder envelope. */
    private static final int VALUE_BYTES = 1200;

    private final byte[] value = new byte[VALUE_BYTES];
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> hopTail;
    private final KafkaConsumer<String, byte[]> pongTail;
    private final Relay relay;
    private final Thread relayThread;

    KafkaFloor(KafkaBroker broker, int partitions) {
        broker.createTopics(partitions, HOP, PING, PONG);
        String bootstrap = broker.bootstrapServers();
        ThreadLocalRandom.current().nextBytes(value);
        this.producer = KafkaClients.producer(bootstrap, "bench-floor");
        this.hopTail = BenchKafka.tail(bootstrap, HOP);
        this.pongTail = BenchKafka.tail(bootstrap, PONG);
        this.relay = new Relay(bootstrap);
        this.relayThread = Thread.ofVirtual().name("bench-relay").start(relay);
    }

    /** Nanoseconds from sending a record until it is consumed. */
    long hop() {
        return timed(HOP, hopTail);
    }

    /** Nanoseconds from sending a record until the relay's copy of it is consumed. */
    long roundTrip() {
        return timed(PING, pongTail);
    }

    private long timed(String topic, KafkaConsumer<String, byte[]> tail) {
        String key = UUID.randomUUID().toString();
        long start = System.nanoTime();
        producer.send(new ProducerRecord<>(topic, key, value));
        return awaitKey(tail, key, start + WAIT.toNanos()) - start;
    }

    /** Polls until a record keyed {@code key} arrives; returns the nano time it was seen. */
    private static long awaitKey(KafkaConsumer<String, byte[]> consumer, String key, long deadline) {
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                if (key.equals(r.key())) {
                    return System.nanoTime();
                }
            }
        }
        throw new IllegalStateException("no record keyed " + key + " within " + WAIT);
    }

    @Override
    public void close() throws InterruptedException {
        relay.stop(relayThread);
        hopTail.close();
        pongTail.close();
        producer.close();
    }

    /** Consumes {@link #PING} in a consumer group and produces each record to {@link #PONG}; nothing else. */
    private static final class Relay implements Runnable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final KafkaProducer<String, byte[]> producer;
        private volatile boolean running = true;

        Relay(String bootstrap) {
            this.consumer = KafkaClients.consumer(bootstrap, "bench-relay", "bench-relay");
            this.producer = KafkaClients.producer(bootstrap, "bench-relay");
        }

        @Override
        public void run() {
            try {
                consumer.subscribe(List.of(PING));
                while (running) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        producer.send(new ProducerRecord<>(PONG, r.key(), r.value()));
                    }
                }
            } catch (WakeupException e) {
                // stopped
            } finally {
                consumer.close();
                producer.close();
            }
        }

        void stop(Thread thread) throws InterruptedException {
            running = false;
            consumer.wakeup();
            thread.join();
        }
    }
}
