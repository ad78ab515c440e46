package dev.baton.coordinator.intake;

import dev.baton.blackboard.OutboxRecord;
import dev.baton.protocol.Codec;
import dev.baton.protocol.Payload;
import dev.baton.protocol.Topics;
import dev.baton.protocol.WorkOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Turns emitted payloads into outbox records (envelopes with ids derived from the causing message, so a
 * re-send after a crash carries the same ids) and sends them.
 */
public final class Outbox {
    private final Producer<String, byte[]> producer;

    public Outbox(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    static List<OutboxRecord> records(String causeId, List<Payload> emits) {
        var records = new ArrayList<OutboxRecord>(emits.size());
        for (int i = 0; i < emits.size(); i++) {
            Payload p = emits.get(i);
            String id = UUID.nameUUIDFromBytes((causeId + "#" + i).getBytes(StandardCharsets.UTF_8)).toString();
            int attempt = p instanceof WorkOrder order ? order.attempt() : 1;
            String value = new String(Codec.encode(Codec.wrap(p, attempt, id)), StandardCharsets.UTF_8);
            records.add(new OutboxRecord(topicOf(p), p.ticketId(), value));
        }
        return records;
    }

    void send(List<OutboxRecord> records) {
        for (OutboxRecord r : records) {
            producer.send(new ProducerRecord<>(r.topic(), r.key(), r.value().getBytes(StandardCharsets.UTF_8)));
        }
    }

    static String topicOf(Payload payload) {
        return switch (payload) {
            case WorkOrder order -> order.role().workTopic();
            case Payload.EventMessage e -> Topics.EVENTS;
            case Payload.DlqMessage d -> Topics.DLQ;
            case Payload.ControlMessage c -> Topics.CONTROL;
            case Payload.ResultMessage r -> Topics.RESULTS;
            case Payload.TicketMessage t -> Topics.TICKETS;
        };
    }
}
