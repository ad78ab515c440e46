package dev.baton.coordinator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.blackboard.Blackboard;
import dev.baton.blackboard.TicketRecord;
import dev.baton.blackboard.Versioned;
import dev.baton.blackboard.budget.Budgets;
import dev.baton.protocol.Json;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/tickets/{id}/export}: the ticket's whole trail as JSON lines. One line per event in the order
 * read (handoffs, tool calls with exit codes and output, model calls, budget events, operator commands), each
 * model call followed by its redacted request and response bodies as the vault proxy kept them (while their
 * TTL lasts), then one {@code diff} line per Engineer commit (task, round, commit, changed files and its unified
 * diff), and last the ticket record with its cost.
 */
final class ExportApi {
    static final String NDJSON = "application/x-ndjson; charset=utf-8";
    private static final String BODY_KEY = "baton:audit:body:";

    private final Blackboard blackboard;
    private final Budgets budgets;
    private final EventIndex index;

    ExportApi(Blackboard blackboard, Budgets budgets, EventIndex index) {
        this.blackboard = blackboard;
        this.budgets = budgets;
        this.index = index;
    }

    void export(RoutingContext ctx) {
        String id = TicketsApi.ticketId(ctx);
        ctx.vertx().executeBlocking(() -> lines(id), false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            ctx.response().putHeader("Content-Type", NDJSON)
                    .putHeader("Content-Disposition", "attachment; filename=\"baton-" + id + ".jsonl\"")
                    .end(String.join("\n", ar.result()) + "\n");
        });
    }

    private List<String> lines(String id) throws IOException {
        Optional<Versioned<TicketRecord>> stored = blackboard.ticket(id);
        List<EventIndex.Entry> events = index.events(id);
        if (stored.isEmpty() && events.isEmpty()) {
            throw ApiException.notFound("unknown_ticket", "no ticket " + id);
        }
        List<String> lines = new ArrayList<>();
        lines.add(Json.MAPPER.createObjectNode().put("kind", "export").put("ticketId", id)
                .put("complete", index.caughtUp() && !index.truncated(id)).put("events", events.size()).toString());
        for (EventIndex.Entry event : events) {
            JsonNode envelope = Json.MAPPER.readTree(event.json());
            ObjectNode line = Json.MAPPER.createObjectNode().put("kind", "event").put("type", event.type());
            line.set("envelope", envelope);
            lines.add(line.toString());
            if (event.type().equals("ModelCall")) {
                body(envelope.path("payload").path("requestSha256").asText(null), "request").ifPresent(lines::add);
                body(envelope.path("payload").path("responseSha256").asText(null), "response").ifPresent(lines::add);
            }
        }
        stored.ifPresent(s -> s.value().commits().forEach(c -> lines.add(diff(c))));
        stored.ifPresent(s -> lines.add(Json.MAPPER.createObjectNode().put("kind", "record")
                .set("ticket", TicketJson.detail(s, budgets)).toString()));
        return lines;
    }

    private static String diff(TicketRecord.CommitRecord commit) {
        ObjectNode line = Json.MAPPER.createObjectNode().put("kind", "diff").put("taskId", commit.taskId())
                .put("round", commit.round()).put("commit", commit.sha());
        line.set("files", Json.MAPPER.valueToTree(commit.files()));
        return line.put("diff", commit.diff()).toString();
    }

    private Optional<String> body(String sha, String which) {
        if (sha == null || sha.isBlank()) {
            return Optional.empty();
        }
        String body = blackboard.redis().get(BODY_KEY + sha);
        ObjectNode line = Json.MAPPER.createObjectNode().put("kind", "model-" + which).put("sha256", sha);
        if (body == null) {
            line.put("expired", true);
        } else {
            line.put("body", body);
        }
        return Optional.of(line.toString());
    }
}
