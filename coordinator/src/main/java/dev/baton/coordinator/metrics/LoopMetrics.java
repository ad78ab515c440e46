package dev.baton.coordinator.metrics;

import dev.baton.protocol.Codec;
import dev.baton.protocol.DeadLetter;
import dev.baton.protocol.Decoded;
import dev.baton.protocol.Payload;
import dev.baton.protocol.Role;
import dev.baton.protocol.Topics;
import dev.baton.telemetry.metrics.Counter;
import dev.baton.telemetry.metrics.Histogram;
import dev.baton.telemetry.metrics.MetricsRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The consumer loop's figures, taken at its Kafka clients so the processing code carries none: records received
 * by topic, partitions rewound after a failure, records sent by topic, dead letters by error code, and the
 * handoff latency, from an input record's creation (its Kafka timestamp, set by the agent or API that produced
 * it) to the coordinator sending the next work order of that ticket. Thread-safe.
 *
 * <p>The latency pairs a work order with the latest record of the same ticket in the current poll: the loop
 * finishes a poll's records before it polls again, so a record left unpaired by then caused no work order
 * (a final state, a refusal) and is forgotten. A deadline re-dispatch has no input record and is not timed.
 */
public final class LoopMetrics {
    private static final Map<String, String> ROLE_OF_TOPIC = Map.of(Topics.WORK_PM, Role.PM.id(),
            Topics.WORK_ENGINEER, Role.ENGINEER.id(), Topics.WORK_REVIEWER, Role.REVIEWER.id());

    private final Counter received;
    private final Counter rewinds;
    private final Counter sent;
    private final Counter deadLetters;
    private final Histogram handoff;
    private final Map<String, Long> pending = new ConcurrentHashMap<>();

    public LoopMetrics(MetricsRegistry registry) {
        received = registry.counter("baton_coordinator_records_total",
                "Records the consumer loop received, by topic (a record retried after a rewind counts again).", "topic");
        rewinds = registry.counter("baton_coordinator_rewinds_total",
                "Partitions rewound to their last processed record after a failure (Redis or Kafka unavailable).");
        sent = registry.counter("baton_coordinator_sent_total",
                "Records the coordinator sent, by topic: work orders, events, dead letters, commands.", "topic");
        deadLetters = registry.counter("baton_coordinator_dead_letters_total",
                "Records the coordinator sent to baton.dlq, by error code.", "code");
        handoff = registry.histogram("baton_coordinator_handoff_seconds",
                "From an input record's creation to the next work order of its ticket, by the role it goes to.",
                Histogram.SECONDS, "role");
    }

    /** The loop's consumer, observed. */
    public Consumer<String, byte[]> watch(Consumer<String, byte[]> consumer) {
        return observe(Consumer.class, consumer, (method, args, result) -> {
            switch (method.getName()) {
                case "poll" -> received((ConsumerRecords<?, ?>) result);
                case "seek" -> rewinds.inc();
                default -> { }
            }
        });
    }

    /** The coordinator's producer, observed. */
    public Producer<String, byte[]> watch(Producer<String, byte[]> producer) {
        return observe(Producer.class, producer, (method, args, result) -> {
            if (method.getName().equals("send") && args[0] instanceof ProducerRecord<?, ?> record) {
                sent(record);
            }
        });
    }

    private void received(ConsumerRecords<?, ?> records) {
        if (records.isEmpty()) {
            return;
        }
        pending.clear();
        for (ConsumerRecord<?, ?> record : records) {
            received.inc(record.topic());
            if (record.key() instanceof String ticket && record.timestamp() > 0) {
                pending.put(ticket, record.timestamp());
            }
        }
    }

    private void sent(ProducerRecord<?, ?> record) {
        sent.inc(record.topic());
        String role = ROLE_OF_TOPIC.get(record.topic());
        if (role != null && record.key() instanceof String ticket) {
            Long since = pending.remove(ticket);
            if (since != null) {
                handoff.observe(Math.max(0, System.currentTimeMillis() - since) / 1000.0, role);
            }
        } else if (record.topic().equals(Topics.DLQ) && record.value() instanceof byte[] value) {
            deadLetters.inc(Codec.decode(value, Payload.DlqMessage.class) instanceof Decoded.Ok ok
                    ? ((DeadLetter) ok.payload()).code().name() : "UNDECODABLE");
        }
    }

    private interface Observer {
        void after(Method method, Object[] args, Object result);
    }

    @SuppressWarnings("unchecked")
    private static <T> T observe(Class<?> type, T target, Observer observer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            try {
                observer.after(method, args, result);
            } catch (RuntimeException e) {
                // a figure is never worth failing the loop's call
            }
            return result;
        });
    }
}
