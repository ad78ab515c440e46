package dev.baton.proxy.budget;

import java.math.BigDecimal;

/**
 * One role's caps. A null cap is no cap. Immutable.
 *
 * @param ticketUsd  USD one ticket may spend on this role's calls
 * @param dayUsd     USD per UTC day, all tickets
 * @param monthUsd   USD per UTC month, all tickets
 * @param callTokens max output tokens of one call; larger requests are clamped to it
 */
public record BudgetLimits(BigDecimal ticketUsd, BigDecimal dayUsd, BigDecimal monthUsd, Integer callTokens) {
    public static final BudgetLimits NONE = new BudgetLimits(null, null, null, null);

    public BudgetLimits {
        for (BigDecimal cap : new BigDecimal[] {ticketUsd, dayUsd, monthUsd}) {
            if (cap != null && cap.signum() < 0) {
                throw new IllegalArgumentException("a budget cap must not be negative, got " + cap);
            }
        }
        if (callTokens != null && callTokens < 1) {
            throw new IllegalArgumentException("callTokens must be at least 1, got " + callTokens);
        }
    }
}
