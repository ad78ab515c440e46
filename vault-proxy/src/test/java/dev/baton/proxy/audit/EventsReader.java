package dev.baton.proxy.audit;

import dev.baton.protocol.Topics;
import dev.baton.protocol.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Reads {@code baton.events} from the beginning with a fresh consumer group. */
final class EventsReader implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<String> seen = new ArrayList<>();

    EventsReader(String bootstrap) {
        consumer = KafkaClients.consumer(bootstrap, "audit-it-" + UUID.randomUUID(), "audit-it");
        consumer.subscribe(List.of(Topics.EVENTS));
    }

    /** Polls until a record value satisfies {@code wanted} or 20 s pass; returns every value read so far. */
    List<String> until(Predicate<String> wanted) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (var record : consumer.poll(Duration.ofMillis(200))) {
                seen.add(new String(record.value(), StandardCharsets.UTF_8));
            }
            if (seen.stream().anyMatch(wanted)) {
                return List.copyOf(seen);
            }
        }
        throw new AssertionError("no matching event on " + Topics.EVENTS + " within 20 s; saw " + seen.size());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
