package dev.baton.launcher.client;

import dev.baton.protocol.Codec;
import dev.baton.protocol.Decoded;
import dev.baton.protocol.HandoffEvent;
import dev.baton.protocol.Payload;
import dev.baton.protocol.PlanOutline;
import dev.baton.protocol.Role;
import dev.baton.protocol.TicketState;
import dev.baton.protocol.Topics;
import dev.baton.protocol.kafka.KafkaClients;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code baton watch [ticket]}: prints handoffs from {@code baton.events} as they happen, from the beginning
 * of the topic. With a ticket and {@code untilDone}, returns that ticket's terminal state.
 */
public final class Watch {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private Watch() {}

    public static Optional<TicketState> run(String bootstrap, String ticket, boolean untilDone, Duration timeout,
            PrintStream out) {
        Instant deadline = timeout == null ? Instant.MAX : Instant.now().plus(timeout);
        try (var consumer = KafkaClients.consumer(bootstrap, "baton-watch-" + UUID.randomUUID(), "baton-watch")) {
            consumer.subscribe(List.of(Topics.EVENTS));
            while (Instant.now().isBefore(deadline)) {
                for (var record : consumer.poll(Duration.ofMillis(250))) {
                    if (Codec.decode(record.value(), Payload.EventMessage.class) instanceof Decoded.Ok ok
                            && ok.payload() instanceof HandoffEvent event
                            && (ticket == null || ticket.equals(event.ticketId()))) {
                        out.println(format(ok.envelope().occurredAt(), event));
                        if (untilDone && ticket != null && terminal(event.to())) {
                            return Optional.of(event.to());
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    static boolean terminal(TicketState state) {
        return state.isTerminal() || state == TicketState.BLOCKED_BUDGET || state == TicketState.AWAITING_APPROVAL;
    }

    static String format(Instant at, HandoffEvent e) {
        String hand = e.fromRole() == null && e.toRole() == null ? ""
                : "  [" + name(e.fromRole()) + " -> " + name(e.toRole()) + "]";
        return TIME.format(at) + "  " + e.ticketId() + "  " + (e.from() == null ? "(new)" : e.from()) + " -> " + e.to()
                + hand + (e.taskId() == null ? "" : "  task " + e.taskId() + " round " + e.round())
                + (e.reason().isEmpty() ? "" : "  " + e.reason()) + plan(e.plan());
    }

    /** The plan a PM handoff carries, one indented block per task; empty when there is none. */
    static String plan(PlanOutline plan) {
        if (plan == null) {
            return "";
        }
        var out = new StringBuilder();
        for (PlanOutline.TaskOutline t : plan.tasks()) {
            out.append("\n    ").append(t.id()).append(": ").append(t.title());
            if (!t.files().isEmpty()) {
                out.append("\n      files: ").append(String.join(", ", t.files()));
            }
            t.criteria().forEach(c -> out.append("\n      - ").append(c));
        }
        if (plan.omittedTasks() > 0) {
            out.append("\n    …and ").append(plan.omittedTasks()).append(" more task(s)");
        }
        return out.toString();
    }

    private static String name(Role role) {
        return role == null ? "coordinator" : role.id();
    }
}
