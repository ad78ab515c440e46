package dev.baton.protocol;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A budget decision: a refusal over a cap, or an operator changing a cap.
 *
 * @param who the operator who changed the cap, or {@code vault-proxy} for a refusal (written as {@code by} before)
 */
public record BudgetEvent(
        String ticketId, Role role, String scope, BigDecimal limitUsd, BigDecimal spentUsd, String action,
        @JsonAlias("by") String who) implements Payload.EventMessage {

    public BudgetEvent {
        Check.id(ticketId, "ticketId");
        Objects.requireNonNull(role, "role");
        Check.text(scope, "scope", 200);
        Check.text(action, "action", 100);
    }
}
