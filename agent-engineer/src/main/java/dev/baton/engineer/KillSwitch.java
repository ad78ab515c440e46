package dev.baton.engineer;

import dev.baton.engineer.sandbox.Sandbox;
import dev.baton.protocol.Codec;
import dev.baton.protocol.ControlCommand;
import dev.baton.protocol.Decoded;
import dev.baton.protocol.Payload;
import dev.baton.protocol.Topics;
import dev.baton.protocol.kafka.KafkaClients;
import dev.baton.telemetry.log.LogContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches {@code baton.control} and destroys this engineer's running sandboxes on a fleet halt (all of them) or a
 * ticket's cancel (that ticket's), without waiting for their commands. Every engineer replica has its own consumer
 * group, so each sees every command. Runs on its own virtual thread; thread-safe.
 */
final class KillSwitch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KillSwitch.class);

    private final Map<Sandbox, String> running = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final java.util.concurrent.atomic.AtomicLong killed = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean open = true;

    KillSwitch(String bootstrap) {
        consumer = KafkaClients.consumer(bootstrap, "baton-engineer-kill-" + UUID.randomUUID(), "engineer-kill");
        consumer.subscribe(List.of(Topics.CONTROL));
        thread = Thread.ofVirtual().name("engineer-kill-switch").start(this::watch);
    }

    void started(Sandbox sandbox, String ticketId) {
        running.put(sandbox, ticketId);
    }

    void ended(Sandbox sandbox) {
        running.remove(sandbox);
    }

    /** Sandboxes running a task now. */
    int running() {
        return running.size();
    }

    /** Sandboxes destroyed so far. */
    long killed() {
        return killed.get();
    }

    private void watch() {
        try {
            seekToEnd();
            while (open) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (Codec.decode(record.value(), Payload.ControlMessage.class) instanceof Decoded.Ok ok
                            && ok.payload() instanceof ControlCommand command) {
                        apply(command);
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("the engineer's kill switch stopped watching baton.control: {}", e.toString());
        } finally {
            consumer.close();
        }
    }

    private void seekToEnd() {
        // Only commands issued from now on concern the sandboxes this process will run.
        while (consumer.assignment().isEmpty() && open) {
            consumer.poll(Duration.ofMillis(200));
        }
        consumer.seekToEnd(consumer.assignment());
    }

    void apply(ControlCommand command) {
        boolean halt = command.action() == ControlCommand.Action.HALT;
        boolean cancel = command.action() == ControlCommand.Action.CANCEL;
        running.forEach((sandbox, ticket) -> {
            if (halt || (cancel && ticket.equals(command.ticketId()))) {
                try (var log = LogContext.ticket(ticket)) {
                    LOG.warn("{} by {}: destroying the sandbox of ticket {}", command.action(), command.who(), ticket);
                }
                sandbox.kill();
                killed.incrementAndGet();
            }
        });
    }

    @Override
    public void close() {
        open = false;
        consumer.wakeup();
    }
}
