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
 * One hop is produce → consume. A round trip is what a handoff costs Kafka: produce → a relay consumes and
 * produces again (no state, no commit) → consume, i.e. two hops, one message in flight at a time.
 */
final class KafkaFloor {
    static final String HOP = "bench.floor.hop";
    static final String PING = "bench.floor.ping";
    static final String PONG = "bench.floor.pong";
    /** About the size of an encoded WorkResult / WorkOrder envelope. */
    private static final int VALUE_BYTES = 1200;

    record Result(Latencies oneHop, Latencies roundTrip) {}

    private KafkaFloor() {}

    static Result measure(KafkaBroker broker, int partitions, int warmUp, int samples) throws InterruptedException {
        broker.createTopics(partitions, HOP, PING, PONG);
        String bootstrap = broker.bootstrapServers();
        byte[] value = new byte[VALUE_BYTES];
        ThreadLocalRandom.current().nextBytes(value);
        try (var producer = KafkaClients.producer(bootstrap, "bench-floor")) {
            Latencies hop;
            try (var tail = BenchKafka.tail(bootstrap, HOP)) {
                sequential(producer, tail, HOP, value, warmUp);
                hop = sequential(producer, tail, HOP, value, samples);
            }
            var relay = new Relay(bootstrap);
            Thread relayThread = Thread.ofVirtual().name("bench-relay").start(relay);
            try (var tail = BenchKafka.tail(bootstrap, PONG)) {
                sequential(producer, tail, PING, value, warmUp);
                return new Result(hop, sequential(producer, tail, PING, value, samples));
            } finally {
                relay.stop(relayThread);
            }
        }
    }

    /** Sends one record at a time to {@code topic} and times it until it is seen on {@code tail}. */
    private static Latencies sequential(KafkaProducer<String, byte[]> producer, KafkaConsumer<String, byte[]> tail,
            String topic, byte[] value, int n) {
        var latencies = new Latencies();
        for (int i = 0; i < n; i++) {
            String key = UUID.randomUUID().toString();
            long start = System.nanoTime();
            producer.send(new ProducerRecord<>(topic, key, value));
            latencies.add(awaitKey(tail, key, start + Duration.ofSeconds(30).toNanos()) - start);
        }
        return latencies;
    }

    /** Polls until a record keyed {@code key} arrives; returns the nano time it was seen. */
    static long awaitKey(KafkaConsumer<String, byte[]> consumer, String key, long deadline) {
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                if (key.equals(r.key())) {
                    return System.nanoTime();
                }
            }
        }
        throw new IllegalStateException("no record keyed " + key + " within 30 s");
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
