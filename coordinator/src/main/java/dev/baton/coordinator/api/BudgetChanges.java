package dev.baton.coordinator.api;

import dev.baton.blackboard.budget.Cap;
import dev.baton.blackboard.budget.RoleBudget;
import dev.baton.protocol.BudgetEvent;
import dev.baton.protocol.ControlCommand;
import dev.baton.protocol.Role;
import dev.baton.protocol.Topics;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Announces a budget change: one {@link BudgetEvent} per changed cap on {@code baton.events} (the audit trail,
 * with {@code who} changed it), and, when a cap was raised or removed, {@code ControlCommand(fleet, UNBLOCK)} on
 * {@code baton.control} so the coordinator re-dispatches the tickets in BLOCKED_BUDGET. Blocking.
 */
final class BudgetChanges {
    private final Publisher publisher;
    private final ApiMetrics metrics;

    BudgetChanges(Publisher publisher, ApiMetrics metrics) {
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /** @return whether an UNBLOCK was sent */
    boolean announce(Role role, Map<Cap, BigDecimal> before, RoleBudget after, String who, String reason)
            throws InterruptedException {
        List<String> loosened = new ArrayList<>();
        for (Cap cap : Cap.values()) {
            BigDecimal old = before.get(cap);
            BigDecimal now = after.caps().get(cap);
            if (same(old, now)) {
                continue;
            }
            String action = action(old, now);
            publisher.send(Topics.EVENTS, new BudgetEvent(ControlCommand.FLEET, role, scope(role, cap, now),
                    cap.isUsd() ? now : null, spent(cap, after), action, who));
            if (!action.equals("lowered") && !action.equals("set")) {
                loosened.add(cap.field() + " " + plain(old) + " -> " + plain(now));
            }
        }
        if (loosened.isEmpty()) {
            return false;
        }
        String why = "budget of " + role.id() + " " + String.join(", ", loosened) + (reason.isBlank() ? "" : ": " + reason);
        publisher.send(Topics.CONTROL, new ControlCommand(ControlCommand.FLEET, ControlCommand.Action.UNBLOCK, why, who));
        metrics.command(ControlCommand.Action.UNBLOCK.name(), who);
        return true;
    }

    /** {@code set} adds a cap where there was none, {@code removed} lifts one, else raised or lowered. */
    static String action(BigDecimal old, BigDecimal now) {
        if (old == null) {
            return "set";
        }
        if (now == null) {
            return "removed";
        }
        return now.compareTo(old) > 0 ? "raised" : "lowered";
    }

    static String scope(Role role, Cap cap, BigDecimal now) {
        return "role=" + role.id() + "," + switch (cap) {
            case TICKET_USD -> "period=ticket";
            case DAY_USD -> "period=day";
            case MONTH_USD -> "period=month";
            case CALL_TOKENS -> "cap=call-tokens,limit=" + plain(now);
        };
    }

    private static BigDecimal spent(Cap cap, RoleBudget budget) {
        return switch (cap) {
            case DAY_USD -> budget.spentDayUsd();
            case MONTH_USD -> budget.spentMonthUsd();
            default -> null;
        };
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    private static String plain(BigDecimal value) {
        return Objects.toString(value == null ? null : value.stripTrailingZeros().toPlainString(), "none");
    }
}
