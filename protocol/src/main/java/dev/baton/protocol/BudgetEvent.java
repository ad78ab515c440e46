package dev.baton.protocol;

import java.math.BigDecimal;
import java.util.Objects;

/** A budget decision: a refusal over a cap, or an operator changing a cap. */
public record BudgetEvent(
        String ticketId, Role role, String scope, BigDecimal limitUsd, BigDecimal spentUsd, String action, String by)
        implements Payload.EventMessage {

    public BudgetEvent {
        Check.id(ticketId, "ticketId");
        Objects.requireNonNull(role, "role");
        Check.text(scope, "scope", 200);
        Check.text(action, "action", 100);
    }
}
