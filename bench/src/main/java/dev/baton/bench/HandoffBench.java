package dev.baton.bench;

import dev.baton.protocol.Codec;
import dev.baton.protocol.Decoded;
import dev.baton.protocol.Payload;
import dev.baton.protocol.Topics;
import dev.baton.protocol.WorkOrder;
import dev.baton.protocol.kafka.KafkaClients;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One coordinator handoff, timed from outside the running coordinator: a WorkResult is produced to
 * {@value Topics#RESULTS}; the coordinator decodes it, stores the next state with compare-and-set (with its
 * outbox), sends the events and the next WorkOrder; the clock stops when that order is consumed from the next
 * role's topic. The benchmark plays the agents, one ticket at a time, so nothing queues. Not thread-safe.
 */
final class HandoffBench implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> tail;

    HandoffBench(String bootstrap) {
        this.producer = KafkaClients.producer(bootstrap, "bench-handoff");
        this.tail = BenchKafka.tail(bootstrap, Topics.WORK_PM, Topics.WORK_ENGINEER, Topics.WORK_REVIEWER);
    }

    /** Submits ticket {@code id} and waits for its PM work order; returns it. */
    WorkOrder submit(String id) {
        producer.send(new ProducerRecord<>(Topics.TICKETS, id, Codec.encode(InstantWork.ticket(id))));
        return awaitOrder(id, Topics.WORK_PM).order();
    }

    /** One handoff: answers {@code order} and waits for the next role's order. */
    Seen handoff(WorkOrder order, String nextTopic) {
        long start = System.nanoTime();
        answer(order);
        Seen next = awaitOrder(order.ticketId(), nextTopic);
        return new Seen(next.order(), next.nanos() - start);
    }

    /** Answers {@code order} without waiting (the last stage, which ends the ticket). */
    void answer(WorkOrder order) {
        var result = InstantWork.answer(order);
        producer.send(new ProducerRecord<>(Topics.RESULTS, result.ticketId(), Codec.encode(Codec.wrap(result, 1))));
    }

    record Seen(WorkOrder order, long nanos) {}

    /** Waits for the ticket's order on {@code topic}; the time is taken before the order is decoded. */
    private Seen awaitOrder(String ticketId, String topic) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : tail.poll(Duration.ofMillis(100))) {
                if (ticketId.equals(r.key()) && topic.equals(r.topic())) {
                    long seen = System.nanoTime();
                    if (Codec.decode(r.value(), Payload.WorkMessage.class) instanceof Decoded.Ok ok) {
                        return new Seen((WorkOrder) ok.payload(), seen);
                    }
                    throw new IllegalStateException("undecodable work order for " + ticketId + " on " + topic);
                }
            }
        }
        throw new IllegalStateException("no work order for " + ticketId + " on " + topic + " within " + WAIT
                + "; is the coordinator running?");
    }

    @Override
    public void close() {
        tail.close();
        producer.close();
    }
}
