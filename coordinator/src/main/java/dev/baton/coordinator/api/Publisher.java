package dev.baton.coordinator.api;

import dev.baton.protocol.Codec;
import dev.baton.protocol.Envelope;
import dev.baton.protocol.Payload;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Writes the API's messages to Kafka as envelopes keyed by ticket id ({@code fleet} for fleet-wide ones) and
 * waits for the broker's acknowledgement. Blocking: call from a worker thread. Thread-safe.
 */
final class Publisher implements AutoCloseable {
    private static final long ACK_TIMEOUT_SECONDS = 15;
    private final Producer<String, byte[]> producer;

    Publisher(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    /**
     * Sends {@code payload} to {@code topic}.
     *
     * @return the envelope id
     * @throws KafkaException when Kafka does not acknowledge in time (the API answers 503)
     */
    String send(String topic, Payload payload) throws InterruptedException {
        Envelope envelope = Codec.wrap(payload, 1);
        var record = new ProducerRecord<>(topic, payload.ticketId(), Codec.encode(envelope));
        try {
            producer.send(record).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return envelope.id();
        } catch (ExecutionException e) {
            throw new KafkaException("cannot write to " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("Kafka did not acknowledge a write to " + topic + " within "
                    + ACK_TIMEOUT_SECONDS + " s", e);
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
