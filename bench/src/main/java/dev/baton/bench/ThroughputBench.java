package dev.baton.bench;

import dev.baton.protocol.Codec;
import dev.baton.protocol.Decoded;
import dev.baton.protocol.HandoffEvent;
import dev.baton.protocol.Payload;
import dev.baton.protocol.TicketState;
import dev.baton.protocol.Topics;
import dev.baton.protocol.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Full tickets per second: {@code n} tickets submitted at once to {@value Topics#TICKETS}, each planned,
 * implemented and reviewed by the running agents through the running coordinator; the clock stops at the last
 * DELIVERED (or FAILED) event on {@value Topics#EVENTS}.
 */
final class ThroughputBench {
    private static final byte[] DELIVERED = "DELIVERED".getBytes(StandardCharsets.UTF_8);
    private static final byte[] FAILED = "FAILED".getBytes(StandardCharsets.UTF_8);

    /** @param latency per ticket, from its submission to its DELIVERED event */
    /** @param cpuMsPerTicket CPU milliseconds per delivered ticket, by process (see {@link CpuMeter}) */
    record Result(int tickets, int delivered, int failed, double seconds, Latencies latency,
            Map<String, Double> cpuMsPerTicket) {
        double perSecond() {
            return delivered / seconds;
        }

        /** CPU per ticket of Baton and its infrastructure, the benchmark's own driver left out. */
        double cpuMs() {
            return cpuMsPerTicket.entrySet().stream().filter(e -> !e.getKey().equals("bench driver"))
                    .mapToDouble(Map.Entry::getValue).sum();
        }
    }

    private ThroughputBench() {}

    static Result run(String bootstrap, String runId, int n, Duration timeout) {
        try (var producer = KafkaClients.producer(bootstrap, "bench-submit");
                var events = BenchKafka.observer(bootstrap, Topics.EVENTS)) {
            var submitted = new HashMap<String, Long>(n * 2);
            var cpu = CpuMeter.start();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String id = runId + "-" + i;
                submitted.put(id, System.nanoTime());
                producer.send(new ProducerRecord<>(Topics.TICKETS, id, Codec.encode(InstantWork.ticket(id))));
            }
            producer.flush();
            var latency = new Latencies();
            int delivered = 0;
            int failed = 0;
            long last = start;
            long deadline = start + timeout.toNanos();
            while (delivered + failed < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : events.poll(Duration.ofMillis(100))) {
                    TicketState end = endState(r, submitted);
                    if (end == null) {
                        continue;
                    }
                    last = System.nanoTime();
                    if (end == TicketState.DELIVERED) {
                        delivered++;
                        latency.add(last - submitted.remove(r.key()));
                    } else {
                        failed++;
                        submitted.remove(r.key());
                    }
                }
            }
            return new Result(n, delivered, failed, (last - start) / 1e9, latency,
                    cpu.perUnit(Math.max(1, delivered)));
        }
    }

    /** DELIVERED or FAILED when {@code r} is that event for a ticket still awaited, else null. */
    private static TicketState endState(ConsumerRecord<String, byte[]> r, Map<String, Long> awaited) {
        if (!awaited.containsKey(r.key()) || !(contains(r.value(), DELIVERED) || contains(r.value(), FAILED))) {
            return null;
        }
        if (Codec.decode(r.value(), Payload.EventMessage.class) instanceof Decoded.Ok ok
                && ok.payload() instanceof HandoffEvent e
                && (e.to() == TicketState.DELIVERED || e.to() == TicketState.FAILED)) {
            return e.to();
        }
        return null;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
