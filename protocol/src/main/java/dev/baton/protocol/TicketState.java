package dev.baton.protocol;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The ticket state machine of DESIGN.md. {@link #canMoveTo} is the single source of truth for legal
 * transitions; anything else is refused with {@link ErrorCode#ILLEGAL_TRANSITION}.
 */
public enum TicketState {
    SUBMITTED,
    PLANNING,
    AWAITING_APPROVAL,
    IMPLEMENTING,
    REVIEWING,
    CHANGES_REQUESTED,
    DELIVERING,
    DELIVERED,
    FAILED,
    CANCELLED,
    BLOCKED_BUDGET,
    HALTED;

    private static final Set<TicketState> TERMINAL = EnumSet.of(DELIVERED, FAILED, CANCELLED);
    private static final Set<TicketState> ALWAYS_REACHABLE = EnumSet.of(FAILED, CANCELLED, HALTED);
    private static final Map<TicketState, Set<TicketState>> NEXT = Map.of(
            SUBMITTED, EnumSet.of(PLANNING),
            PLANNING, EnumSet.of(AWAITING_APPROVAL, IMPLEMENTING, BLOCKED_BUDGET),
            AWAITING_APPROVAL, EnumSet.of(IMPLEMENTING, DELIVERING),
            IMPLEMENTING, EnumSet.of(REVIEWING, BLOCKED_BUDGET),
            REVIEWING, EnumSet.of(CHANGES_REQUESTED, IMPLEMENTING, AWAITING_APPROVAL, DELIVERING, BLOCKED_BUDGET),
            CHANGES_REQUESTED, EnumSet.of(IMPLEMENTING),
            DELIVERING, EnumSet.of(DELIVERED),
            BLOCKED_BUDGET, EnumSet.of(PLANNING, IMPLEMENTING, REVIEWING),
            HALTED, EnumSet.of(PLANNING, IMPLEMENTING, REVIEWING, AWAITING_APPROVAL, DELIVERING, BLOCKED_BUDGET));

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    /** Whether a ticket in this state may move to {@code next}. Terminal states never move. */
    public boolean canMoveTo(TicketState next) {
        if (isTerminal()) {
            return false;
        }
        if (ALWAYS_REACHABLE.contains(next)) {
            return next != this;
        }
        return NEXT.getOrDefault(this, Set.of()).contains(next);
    }
}
