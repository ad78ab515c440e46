package dev.baton.launcher.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.launcher.Args;
import dev.baton.protocol.Json;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.Map;

/**
 * {@code baton budgets} (every role's caps and spend) and
 * {@code baton budgets set <role> [--ticket USD] [--daily USD] [--monthly USD] [--call-tokens N] [--reason TEXT]};
 * {@code none} removes a cap. A raise lets the tickets blocked on the budget resume.
 */
public final class BudgetCommands {
    private static final Map<String, String> OPTIONS = Map.of("ticket", "ticketUsd", "daily", "dayUsd",
            "monthly", "monthUsd", "call-tokens", "callTokens");

    private BudgetCommands() {}

    public static int run(CoordinatorClient api, Args args, PrintStream out) {
        if (!args.positional().isEmpty() && args.positional().get(0).equals("set")) {
            return set(api, args, out);
        }
        if (!args.positional().isEmpty()) {
            throw new Args.UsageException("unknown budgets command '" + args.positional().get(0) + "'; use `budgets` or "
                    + "`budgets set <role> --ticket/--daily/--monthly USD`");
        }
        header(out);
        for (JsonNode budget : api.get("/api/budgets").path("budgets")) {
            row(budget, out);
        }
        return 0;
    }

    private static int set(CoordinatorClient api, Args args, PrintStream out) {
        if (args.positional().size() < 2) {
            throw new Args.UsageException("which role? budgets set <pm|engineer|reviewer> --daily USD …");
        }
        String role = args.positional().get(1);
        ObjectNode body = Json.MAPPER.createObjectNode();
        OPTIONS.forEach((option, field) -> args.option(option).ifPresent(value -> put(body, option, field, value)));
        if (body.isEmpty()) {
            throw new Args.UsageException("give at least one of --ticket, --daily, --monthly (USD, or none) or --call-tokens");
        }
        args.option("reason").ifPresent(reason -> body.put("reason", reason));
        JsonNode budget = api.put("/api/budgets/" + TicketCommands.enc(role), body);
        header(out);
        row(budget, out);
        if (budget.path("unblocked").asBoolean()) {
            out.println("raised: tickets blocked on the budget resume");
        }
        return 0;
    }

    private static void put(ObjectNode body, String option, String field, String value) {
        if (value.equalsIgnoreCase("none")) {
            body.putNull(field);
            return;
        }
        try {
            body.put(field, new BigDecimal(value));
        } catch (NumberFormatException e) {
            throw new Args.UsageException("--" + option + " must be a number or none, got '" + value + "'");
        }
    }

    private static void header(PrintStream out) {
        out.printf("%-9s %-12s %-24s %-24s %s%n", "ROLE", "PER TICKET", "TODAY (SPENT / CAP)", "MONTH (SPENT / CAP)",
                "TOKENS/CALL");
    }

    private static void row(JsonNode budget, PrintStream out) {
        JsonNode caps = budget.path("caps");
        JsonNode spent = budget.path("spent");
        out.printf("%-9s %-12s %-24s %-24s %s%n", budget.path("role").asText(), Text.usd(caps.path("ticketUsd")),
                Text.usd(spent.path("dayUsd")) + " / " + Text.usd(caps.path("dayUsd")),
                Text.usd(spent.path("monthUsd")) + " / " + Text.usd(caps.path("monthUsd")),
                caps.path("callTokens").isNull() ? "none" : caps.path("callTokens").asText());
    }
}
