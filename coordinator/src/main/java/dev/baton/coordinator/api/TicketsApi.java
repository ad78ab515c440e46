package dev.baton.coordinator.api;

import dev.baton.blackboard.Blackboard;
import dev.baton.blackboard.TicketRecord;
import dev.baton.blackboard.Versioned;
import dev.baton.blackboard.budget.Budgets;
import dev.baton.protocol.Check;
import dev.baton.protocol.Json;
import dev.baton.protocol.TicketState;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.protocol.Topics;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/** {@code POST /api/tickets}, {@code GET /api/tickets} and {@code GET /api/tickets/{id}}. */
final class TicketsApi {
    static final int MAX_LIMIT = 500;
    /** How many of the newest tickets a state filter looks through. */
    static final int SCAN = 2000;
    private static final Set<String> SUBMIT_FIELDS = Set.of("id", "repo", "baseRef", "title", "description",
            "submittedBy");

    private final Blackboard blackboard;
    private final Budgets budgets;
    private final Publisher publisher;
    private final ApiMetrics metrics;

    TicketsApi(Blackboard blackboard, Budgets budgets, Publisher publisher, ApiMetrics metrics) {
        this.blackboard = blackboard;
        this.budgets = budgets;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    void submit(RoutingContext ctx) {
        JsonBody body = JsonBody.parse(ctx, SUBMIT_FIELDS, true);
        String id = body.text("id").filter(s -> !s.isBlank()).orElseGet(TicketsApi::newId);
        String repo = body.required("repo");
        String title = body.required("title");
        TicketSubmitted ticket = JsonBody.checked(() -> new TicketSubmitted(id, repo, body.text("baseRef").orElse(null),
                title, body.text("description").orElse(""),
                body.text("submittedBy").filter(s -> !s.isBlank()).orElse(OperatorAuth.operator(ctx))));
        ctx.response().putHeader("Location", "/api/tickets/" + id);
        Respond.blocking(ctx, 202, () -> {
            if (blackboard.ticket(id).isPresent()) {
                throw ApiException.conflict("ticket_exists", "a ticket with id " + id + " exists already");
            }
            publisher.send(Topics.TICKETS, ticket);
            metrics.submitted();
            return Json.MAPPER.createObjectNode().put("ticketId", id).put("branch", ticket.branch())
                    .put("state", TicketState.SUBMITTED.name());
        });
    }

    void list(RoutingContext ctx) {
        Set<TicketState> states = states(ctx.queryParams().get("state"));
        int limit = limit(ctx.queryParams().get("limit"));
        Respond.blocking(ctx, 200, () -> {
            var tickets = Json.MAPPER.createArrayNode();
            for (String id : blackboard.ticketIds(states == null ? limit : SCAN)) {
                var stored = blackboard.ticket(id);
                if (stored.isPresent() && (states == null || states.contains(stored.get().value().state()))) {
                    tickets.add(TicketJson.summary(stored.get()));
                }
                if (tickets.size() >= limit) {
                    break;
                }
            }
            var answer = Json.MAPPER.createObjectNode().put("count", tickets.size());
            answer.set("tickets", tickets);
            return answer;
        });
    }

    void show(RoutingContext ctx) {
        String id = ticketId(ctx);
        Respond.blocking(ctx, 200, () -> TicketJson.detail(find(blackboard, id), budgets));
    }

    /** The {@code id} path parameter, checked. */
    static String ticketId(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        try {
            return Check.id(id, "ticket id");
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_ticket_id", e.getMessage());
        }
    }

    /** The stored ticket; 404 when there is none. Blocking. */
    static Versioned<TicketRecord> find(Blackboard blackboard, String id) {
        return blackboard.ticket(id).orElseThrow(() -> ApiException.notFound("unknown_ticket", "no ticket " + id));
    }

    static Set<TicketState> states(String param) {
        if (param == null || param.isBlank()) {
            return null;
        }
        Set<TicketState> states = EnumSet.noneOf(TicketState.class);
        for (String name : param.split(",")) {
            try {
                states.add(TicketState.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("invalid_state", "unknown state '" + name.trim() + "'; states are "
                        + java.util.Arrays.toString(TicketState.values()));
            }
        }
        return states;
    }

    static int limit(String param) {
        if (param == null || param.isBlank()) {
            return 50;
        }
        try {
            int limit = Integer.parseInt(param.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("invalid_limit", "limit must be a whole number from 1 to " + MAX_LIMIT
                + ", got '" + param + "'");
    }

    static String newId() {
        return "t-" + UUID.randomUUID().toString().substring(0, 13).replace("-", "");
    }
}
