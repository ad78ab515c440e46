package dev.baton.launcher.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.launcher.Args;
import dev.baton.protocol.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code baton approve|reject|cancel <id> [--reason TEXT]}, {@code baton halt|resume [--reason TEXT]} and
 * {@code baton export <id> [--out FILE]}. The coordinator records each command with the name of the operator the
 * token belongs to, and applies it.
 */
public final class ControlCommands {
    private ControlCommands() {}

    /** {@code action} is approve, reject or cancel. */
    public static int ticket(CoordinatorClient api, String action, Args args, PrintStream out) {
        String id = Text.ticket(args);
        if (action.equals("reject") && args.option("reason").isEmpty()) {
            throw new Args.UsageException("reject needs --reason TEXT: the ticket fails with it");
        }
        JsonNode answer = api.post("/api/tickets/" + TicketCommands.enc(id) + "/" + action, body(args));
        out.println(action + " of " + id + " sent by " + answer.path("who").asText() + " (command "
                + answer.path("commandId").asText() + "); the coordinator applies it");
        return 0;
    }

    /** {@code action} is halt or resume. */
    public static int fleet(CoordinatorClient api, String action, Args args, PrintStream out) {
        JsonNode answer = api.post("/api/fleet/" + action, body(args));
        out.println(action + " of the fleet sent by " + answer.path("who").asText() + " (command "
                + answer.path("commandId").asText() + ")");
        return 0;
    }

    public static int export(CoordinatorClient api, Args args, PrintStream out) throws IOException {
        String id = Text.ticket(args);
        String lines = api.text("/api/tickets/" + TicketCommands.enc(id) + "/export");
        if (args.option("out").isPresent()) {
            Path file = Path.of(args.option("out").get());
            Files.writeString(file, lines);
            out.println("wrote " + lines.lines().count() + " line(s) to " + file);
        } else {
            out.print(lines);
        }
        return 0;
    }

    /** {@code baton whoami}: the operator the token names. */
    public static int whoami(CoordinatorClient api, PrintStream out) {
        out.println(api.get("/api/operator").path("operator").asText());
        return 0;
    }

    private static JsonNode body(Args args) {
        var body = Json.MAPPER.createObjectNode();
        args.option("reason").ifPresent(reason -> body.put("reason", reason));
        return body;
    }
}
