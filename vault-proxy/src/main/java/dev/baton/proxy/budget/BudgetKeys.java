package dev.baton.proxy.budget;

import dev.baton.protocol.Role;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The Redis keys of budgets and spend. All keys of one role share the hash tag {@code {role}}, so one Lua
 * script can check and reserve against all of them atomically (also on a Redis cluster).
 *
 * <pre>
 * baton:budget:{role}                       HASH   ticket-usd, day-usd, month-usd (decimal USD), call-tokens
 * baton:spend:{role}:ticket:TICKET          STRING micro-USD committed (settled + reserved in flight)
 * baton:spend:{role}:day:YYYY-MM-DD         STRING micro-USD committed, UTC day
 * baton:spend:{role}:month:YYYY-MM          STRING micro-USD committed, UTC month
 * </pre>
 */
public final class BudgetKeys {
    public static final String TICKET_USD = "ticket-usd";
    public static final String DAY_USD = "day-usd";
    public static final String MONTH_USD = "month-usd";
    public static final String CALL_TOKENS = "call-tokens";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);

    private BudgetKeys() {}

    public static String limits(Role role) {
        return "baton:budget:{" + role.id() + "}";
    }

    public static String ticket(Role role, String ticketId) {
        return spend(role) + ":ticket:" + ticketId;
    }

    public static String day(Role role, Instant at) {
        return spend(role) + ":day:" + DAY.format(at);
    }

    public static String month(Role role, Instant at) {
        return spend(role) + ":month:" + MONTH.format(at);
    }

    /** The spend counters one call of {@code role} on {@code ticketId} at {@code at} counts against. */
    public static List<String> counters(Role role, String ticketId, Instant at) {
        return List.of(ticket(role, ticketId), day(role, at), month(role, at));
    }

    private static String spend(Role role) {
        return "baton:spend:{" + role.id() + "}";
    }
}
