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
 * role's topic. The benchmark plays the agents, one ticket at a time, so nothing queues.
 */
final class HandoffBench {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** PM → Engineer (a plan in) and Engineer → Reviewer (a commit in). */
    record Result(Latencies planned, Latencies committed) {
        Latencies all() {
            var all = new Latencies();
            all.addAll(planned);
            all.addAll(committed);
            return all;
        }
    }

    private HandoffBench() {}

    static Result measure(String bootstrap, String runId, int warmUpTickets, int tickets) {
        try (var producer = KafkaClients.producer(bootstrap, "bench-handoff");
                var tail = BenchKafka.tail(bootstrap, Topics.WORK_PM, Topics.WORK_ENGINEER, Topics.WORK_REVIEWER)) {
            var ignored = new Result(new Latencies(), new Latencies());
            for (int i = 0; i < warmUpTickets; i++) {
                oneTicket(producer, tail, runId + "-hw" + i, ignored);
            }
            var result = new Result(new Latencies(), new Latencies());
            for (int i = 0; i < tickets; i++) {
                oneTicket(producer, tail, runId + "-h" + i, result);
            }
            return result;
        }
    }

    private static void oneTicket(KafkaProducer<String, byte[]> producer, KafkaConsumer<String, byte[]> tail,
            String id, Result into) {
        producer.send(new ProducerRecord<>(Topics.TICKETS, id, Codec.encode(InstantWork.ticket(id))));
        WorkOrder pm = awaitOrder(tail, id, Topics.WORK_PM).order();
        Seen engineer = timed(producer, tail, pm, Topics.WORK_ENGINEER);
        into.planned().add(engineer.nanos());
        Seen reviewer = timed(producer, tail, engineer.order(), Topics.WORK_REVIEWER);
        into.committed().add(reviewer.nanos());
        send(producer, reviewer.order());
    }

    private record Seen(WorkOrder order, long nanos) {}

    private static Seen timed(KafkaProducer<String, byte[]> producer, KafkaConsumer<String, byte[]> tail,
            WorkOrder answered, String nextTopic) {
        long start = System.nanoTime();
        send(producer, answered);
        Seen next = awaitOrder(tail, answered.ticketId(), nextTopic);
        return new Seen(next.order(), next.nanos() - start);
    }

    private static void send(KafkaProducer<String, byte[]> producer, WorkOrder answered) {
        var result = InstantWork.answer(answered);
        producer.send(new ProducerRecord<>(Topics.RESULTS, result.ticketId(), Codec.encode(Codec.wrap(result, 1))));
    }

    /** Waits for the ticket's order on {@code topic}; the time is taken before the order is decoded. */
    private static Seen awaitOrder(KafkaConsumer<String, byte[]> tail, String ticketId, String topic) {
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
}
