package dev.baton.proxy.budget;

import dev.baton.protocol.ErrorCode;
import dev.baton.proxy.ProxyException;
import java.math.BigDecimal;

/**
 * HTTP 429 {@code {"error":{"code":"BUDGET_EXCEEDED","scope":"role=engineer,period=day","limitUsd":…,
 * "spentUsd":…}}}: the call's worst case does not fit under a cap. Not retriable until the cap is raised.
 */
public final class BudgetExceeded extends ProxyException {
    private final String scope;
    private final BigDecimal limitUsd;
    private final BigDecimal spentUsd;

    public BudgetExceeded(String scope, BigDecimal limitUsd, BigDecimal spentUsd) {
        super(429, ErrorCode.BUDGET_EXCEEDED.name(), "budget exceeded for " + scope + ": limit " + limitUsd
                + " USD, spent " + spentUsd + " USD; raise the budget to continue", error -> error
                .put("scope", scope).put("limitUsd", limitUsd).put("spentUsd", spentUsd));
        this.scope = scope;
        this.limitUsd = limitUsd;
        this.spentUsd = spentUsd;
    }

    public String scope() {
        return scope;
    }

    public BigDecimal limitUsd() {
        return limitUsd;
    }

    public BigDecimal spentUsd() {
        return spentUsd;
    }
}
