package dev.baton.coordinator.intake;

import dev.baton.protocol.Codec;
import dev.baton.protocol.DeadLetter;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends a message that could not be handled to {@value Topics#DLQ} with the reason, and logs it once. */
public final class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private final Producer<String, byte[]> producer;

    public DeadLetters(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    public void send(ConsumerRecord<String, byte[]> record, ErrorCode code, String reason, String ticketId) {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        var letter = new DeadLetter(ticketId, record.topic(), record.partition(), record.offset(), code, reason,
                preview(value), value.length);
        LOG.warn("dead letter from {}-{}@{} ticket={} code={} ({}): {}", record.topic(), record.partition(),
                record.offset(), ticketId, code.code(), code, reason);
        producer.send(new ProducerRecord<>(Topics.DLQ, ticketId, Codec.encode(letter)));
    }

    private static String preview(byte[] value) {
        int n = Math.min(value.length, DeadLetter.MAX_RAW);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(value, 0, n))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return "";
        }
    }
}
