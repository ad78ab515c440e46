package dev.baton.blackboard.budget;

import dev.baton.protocol.Role;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * One role's caps and what it has committed in the current UTC day and month. A missing cap is no cap.
 *
 * @param spentDayUsd   USD committed today (settled calls plus reservations of calls in flight)
 * @param spentMonthUsd USD committed this month (same)
 */
public record RoleBudget(Role role, Map<Cap, BigDecimal> caps, BigDecimal spentDayUsd, BigDecimal spentMonthUsd) {
    public RoleBudget {
        Objects.requireNonNull(role, "role");
        caps = Map.copyOf(caps);
        Objects.requireNonNull(spentDayUsd, "spentDayUsd");
        Objects.requireNonNull(spentMonthUsd, "spentMonthUsd");
    }
}
