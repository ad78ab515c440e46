package dev.baton.protocol.kafka;

import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A producer whose {@link #flush()} fails when a record sent since the previous flush was not acknowledged.
 * {@code KafkaProducer.flush()} returns once every send completed, successfully or not; a consumer loop that
 * commits its offsets after a plain flush would lose the outputs of a failed send. Services flush, then commit:
 * with this producer a failed send makes the loop rewind and redo the records instead.
 */
final class CheckedProducer extends KafkaProducer<String, byte[]> {
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    CheckedProducer(Properties properties) {
        super(properties, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
        return super.send(record, (metadata, exception) -> {
            if (exception != null) {
                failure.compareAndSet(null, exception);
            }
            if (callback != null) {
                callback.onCompletion(metadata, exception);
            }
        });
    }

    /** Waits for every record sent so far; throws if any of those sent since the last flush failed. */
    @Override
    public void flush() {
        super.flush();
        Exception failed = failure.getAndSet(null);
        if (failed != null) {
            throw new KafkaException("a record was not acknowledged by Kafka: " + failed.getMessage(), failed);
        }
    }
}
