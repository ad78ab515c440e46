package dev.baton.launcher.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.launcher.Args;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** {@code baton tickets [--state S[,S]] [--limit N]} and {@code baton show <id> [--json]}. */
public final class TicketCommands {
    private TicketCommands() {}

    public static int list(CoordinatorClient api, Args args, PrintStream out) {
        String query = "?limit=" + args.option("limit").orElse("50")
                + args.option("state").map(s -> "&state=" + enc(s)).orElse("");
        JsonNode tickets = api.get("/api/tickets" + query).path("tickets");
        out.printf("%-24s %-18s %-10s %-9s %s%n", "ID", "STATE", "TASK", "UPDATED", "TITLE");
        for (JsonNode t : tickets) {
            out.printf("%-24s %-18s %-10s %-9s %s%n", t.path("id").asText(), t.path("state").asText(),
                    t.path("task").path("id").asText("-"), Text.time(t.path("updatedAt").asText()), t.path("title").asText());
        }
        if (tickets.isEmpty()) {
            out.println("(no tickets)");
        }
        return 0;
    }

    public static int show(CoordinatorClient api, Args args, PrintStream out) {
        String id = Text.ticket(args);
        JsonNode t = api.get("/api/tickets/" + enc(id));
        if (args.flag("json")) {
            out.println(t.toPrettyString());
            return 0;
        }
        out.println(t.path("id").asText() + "  " + t.path("state").asText() + "  " + t.path("title").asText());
        out.println("  branch " + t.path("branch").asText() + " of " + t.path("repo").asText() + ", by "
                + t.path("submittedBy").asText());
        if (!t.path("reason").asText().isEmpty()) {
            out.println("  " + t.path("reason").asText());
        }
        out.println("  cost " + Text.usd(t.path("cost").path("totalUsd")) + " (" + Text.byRole(t.path("cost").path("byRole"))
                + ")");
        JsonNode record = t.path("record");
        plan(record.path("plan"), out);
        commits(record.path("commits"), out);
        reviews(record.path("reviews"), out);
        timeline(api.get("/api/tickets/" + enc(id) + "/events").path("events"), out);
        return 0;
    }

    private static void plan(JsonNode plan, PrintStream out) {
        if (plan.isMissingNode() || plan.isNull()) {
            return;
        }
        out.println("plan: " + plan.path("summary").asText());
        for (JsonNode task : plan.path("tasks")) {
            out.println("  " + task.path("id").asText() + ": " + task.path("title").asText());
            task.path("acceptanceCriteria").forEach(c -> out.println("    - " + c.asText()));
        }
    }

    private static void commits(JsonNode commits, PrintStream out) {
        for (JsonNode c : commits) {
            out.println("commit " + c.path("sha").asText() + " (" + c.path("taskId").asText() + " round "
                    + c.path("round").asInt() + ")");
            for (JsonNode e : c.path("evidence")) {
                out.println("    $ " + e.path("command").asText() + "  -> exit " + e.path("exitCode").asInt() + " in "
                        + e.path("durationMs").asLong() + " ms");
            }
        }
    }

    private static void reviews(JsonNode reviews, PrintStream out) {
        for (JsonNode r : reviews) {
            out.println("review " + r.path("taskId").asText() + " round " + r.path("round").asInt() + ": "
                    + r.path("verdict").path("decision").asText());
            for (JsonNode c : r.path("verdict").path("criteria")) {
                out.println("    [" + (c.path("met").asBoolean() ? "x" : " ") + "] " + c.path("criterion").asText()
                        + (c.path("reason").asText().isEmpty() ? "" : " — " + c.path("reason").asText()));
            }
        }
    }

    private static void timeline(JsonNode events, PrintStream out) {
        out.println("timeline:");
        for (JsonNode e : events) {
            out.println("  " + Text.time(e.path("occurredAt").asText()) + "  " + Text.describe(e));
        }
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
