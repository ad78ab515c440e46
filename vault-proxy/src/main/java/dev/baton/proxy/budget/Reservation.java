package dev.baton.proxy.budget;

import java.util.List;

/**
 * A call's worst case, held against its role's caps until {@link BudgetGuard#settle} replaces it with the
 * actual cost.
 *
 * @param counters       the spend counters it was added to
 * @param reservedMicros the worst-case cost, micro-USD
 * @param outputTokens   the output token limit granted to the call (after the per-call cap)
 */
public record Reservation(List<String> counters, long reservedMicros, long outputTokens) {
    public Reservation {
        counters = List.copyOf(counters);
    }
}
