package dev.baton.launcher.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.launcher.Args;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** How the CLI prints times, money and events. */
final class Text {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private Text() {}

    static String time(String iso) {
        try {
            return TIME.format(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return "-";
        }
    }

    static String usd(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() ? "none"
                : "$" + value.decimalValue().setScale(value.decimalValue().compareTo(new BigDecimal("0.01")) < 0
                        && value.decimalValue().signum() > 0 ? 6 : 2, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    /** The first positional argument: the ticket id. */
    static String ticket(Args args) {
        if (args.positional().isEmpty()) {
            throw new Args.UsageException("which ticket? give its id");
        }
        return args.positional().get(0);
    }

    private static String roles(JsonNode handoff) {
        JsonNode from = handoff.path("fromRole");
        JsonNode to = handoff.path("toRole");
        if (!from.isTextual() && !to.isTextual()) {
            return "";
        }
        return "  [" + (from.isTextual() ? from.asText() : "coordinator") + " -> "
                + (to.isTextual() ? to.asText() : "coordinator") + "]";
    }

    /** {@code pm $0.01, engineer $0.20, …} */
    static String byRole(JsonNode costs) {
        var parts = new java.util.ArrayList<String>();
        costs.fields().forEachRemaining(e -> parts.add(e.getKey() + " " + usd(e.getValue())));
        return String.join(", ", parts);
    }

    /** Who decided: {@code who}, or {@code by} in records written before it was renamed. */
    static String who(JsonNode payload) {
        return payload.path("who").asText(payload.path("by").asText(""));
    }

    static String describe(JsonNode envelope) {
        JsonNode p = envelope.path("payload");
        return switch (envelope.path("type").asText()) {
            case "HandoffEvent" -> p.path("from").asText("(new)") + " -> " + p.path("to").asText() + roles(p)
                    + (p.path("reason").asText().isEmpty() ? "" : "  " + p.path("reason").asText())
                    + (p.path("plan").isObject() ? "  [plan: " + p.path("plan").path("tasks").size() + " task(s)]" : "");
            case "StageSummary" -> p.path("role").asText() + " " + p.path("taskId").asText() + " round "
                    + p.path("round").asInt() + ": " + p.path("outcome").asText() + " after " + p.path("steps").asInt()
                    + " step(s), " + p.path("tokensIn").asLong() + " in / " + p.path("tokensOut").asLong() + " out, "
                    + p.path("wallMs").asLong() / 1000 + " s" + (p.path("stopReason").asText().isEmpty() ? ""
                    : "  " + p.path("stopReason").asText());
            case "ToolCall" -> p.path("role").asText() + " ran " + p.path("tool").asText()
                    + (p.path("exitCode").isNull() || p.path("exitCode").isMissingNode() ? "" : " (exit " + p.path("exitCode").asInt() + ")");
            case "ModelCall" -> p.path("role").asText() + " called " + p.path("model").asText() + ": "
                    + p.path("tokensIn").asLong() + " in / " + p.path("tokensOut").asLong() + " out, "
                    + usd(p.path("costUsd")) + ", HTTP " + p.path("status").asInt();
            case "BudgetEvent" -> "budget " + p.path("action").asText() + " " + p.path("scope").asText()
                    + (who(p).isEmpty() ? "" : " by " + who(p));
            case "ControlCommand" -> p.path("action").asText() + " by " + who(p)
                    + (p.path("reason").asText().isEmpty() ? "" : ": " + p.path("reason").asText());
            default -> envelope.path("type").asText();
        };
    }
}
