package dev.baton.coordinator.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.blackboard.budget.Budgets;
import dev.baton.blackboard.budget.Cap;
import dev.baton.blackboard.budget.RoleBudget;
import dev.baton.protocol.Check;
import dev.baton.protocol.Json;
import dev.baton.protocol.Role;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /api/budgets[/{role}]} and {@code PUT /api/budgets/{role}}: each role's caps and spend, tuned live.
 * A number sets a cap, {@code null} removes it, an absent field keeps it. What a change means for the fleet
 * (events, unblocking) is {@link BudgetChanges}'s job.
 */
final class BudgetsApi {
    static final Map<String, Cap> FIELDS = Map.of("ticketUsd", Cap.TICKET_USD, "dayUsd", Cap.DAY_USD,
            "monthUsd", Cap.MONTH_USD, "callTokens", Cap.CALL_TOKENS);
    private static final Set<String> BODY = Set.of("ticketUsd", "dayUsd", "monthUsd", "callTokens", "reason");

    private final Budgets budgets;
    private final BudgetChanges changes;

    BudgetsApi(Budgets budgets, BudgetChanges changes) {
        this.budgets = budgets;
        this.changes = changes;
    }

    void list(RoutingContext ctx) {
        String ticket = ticketParam(ctx);
        Respond.blocking(ctx, 200, () -> {
            var all = Json.MAPPER.createArrayNode();
            for (Role role : Role.values()) {
                all.add(json(budgets.read(role), ticket));
            }
            var answer = Json.MAPPER.createObjectNode();
            answer.set("budgets", all);
            return answer;
        });
    }

    void show(RoutingContext ctx) {
        Role role = role(ctx);
        String ticket = ticketParam(ctx);
        Respond.blocking(ctx, 200, () -> json(budgets.read(role), ticket));
    }

    void update(RoutingContext ctx) {
        Role role = role(ctx);
        JsonBody body = JsonBody.parse(ctx, BODY, true);
        Map<Cap, Optional<BigDecimal>> wanted = new EnumMap<>(Cap.class);
        FIELDS.forEach((field, cap) -> {
            if (body.has(field)) {
                wanted.put(cap, body.number(field));
            }
        });
        if (wanted.isEmpty()) {
            throw ApiException.badRequest("invalid_body", "set at least one of " + FIELDS.keySet()
                    + " (a number sets the cap, null removes it)");
        }
        String who = OperatorAuth.operator(ctx);
        String reason = JsonBody.checked(() -> Check.optional(body.text("reason").orElse(""), "reason", 2000));
        Respond.blocking(ctx, 200, () -> {
            Map<Cap, BigDecimal> before = budgets.caps(role);
            JsonBody.checked(() -> {
                budgets.change(role, wanted);
                return null;
            });
            RoleBudget after = budgets.read(role);
            boolean unblocked = changes.announce(role, before, after, who, reason);
            return json(after, null).put("unblocked", unblocked);
        });
    }

    /** The budget as JSON; with {@code ticket}, also what the role spent on it. Blocking. */
    private ObjectNode json(RoleBudget budget, String ticket) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("role", budget.role().id());
        ObjectNode caps = node.putObject("caps");
        FIELDS.forEach((field, cap) -> caps.put(field, budget.caps().get(cap)));
        ObjectNode spent = node.putObject("spent").put("dayUsd", budget.spentDayUsd())
                .put("monthUsd", budget.spentMonthUsd());
        if (ticket != null) {
            spent.put("ticket", ticket).put("ticketUsd", budgets.spentOnTicket(budget.role(), ticket));
        }
        return node;
    }

    private static String ticketParam(RoutingContext ctx) {
        String ticket = ctx.queryParams().get("ticket");
        if (ticket == null || ticket.isBlank()) {
            return null;
        }
        try {
            return Check.id(ticket, "ticket");
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_ticket_id", e.getMessage());
        }
    }

    private static Role role(RoutingContext ctx) {
        try {
            return Role.of(ctx.pathParam("role"));
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("unknown_role", e.getMessage());
        }
    }
}
