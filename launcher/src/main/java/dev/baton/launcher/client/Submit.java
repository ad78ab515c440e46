package dev.baton.launcher.client;

import dev.baton.launcher.Args;
import dev.baton.protocol.Codec;
import dev.baton.protocol.Topics;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.protocol.kafka.KafkaClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.ProducerRecord;

/** {@code baton submit}: writes a {@link TicketSubmitted} to the intake topic and prints the ticket id. */
public final class Submit {
    private Submit() {}

    public static TicketSubmitted ticket(Args args) {
        String repo = args.required("repo");
        if (!repo.contains("://") && Files.isDirectory(Path.of(repo))) {
            repo = Path.of(repo).toAbsolutePath().normalize().toString();
        }
        String id = args.option("id").orElseGet(Submit::newId);
        return new TicketSubmitted(id, repo, args.option("base").orElse(null), args.required("title"),
                args.option("description").orElse(""), System.getProperty("user.name"));
    }

    public static String newId() {
        return "t-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMdd-HHmmss")) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    /** Writes an operator command to the control topic, keyed by its ticket (or {@code fleet}). */
    public static void control(String bootstrap, dev.baton.protocol.ControlCommand command) throws Exception {
        try (var producer = KafkaClients.producer(bootstrap, "baton-cli")) {
            producer.send(new ProducerRecord<>(Topics.CONTROL, command.ticketId(), Codec.encode(command))).get();
        }
    }

    public static void send(String bootstrap, TicketSubmitted ticket) throws Exception {
        try (var producer = KafkaClients.producer(bootstrap, "baton-cli")) {
            producer.send(new ProducerRecord<>(Topics.TICKETS, ticket.ticketId(), Codec.encode(ticket))).get();
        }
    }
}
