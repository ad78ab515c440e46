package dev.baton.blackboard.budget;

/** One cap of a role's budget, named by its field in the {@code baton:budget:{role}} hash. */
public enum Cap {
    /** USD one ticket may spend on the role's calls. */
    TICKET_USD("ticket-usd"),
    /** USD per UTC day, all tickets. */
    DAY_USD("day-usd"),
    /** USD per UTC month, all tickets. */
    MONTH_USD("month-usd"),
    /** Max output tokens of one call (a whole number). */
    CALL_TOKENS("call-tokens");

    private final String field;

    Cap(String field) {
        this.field = field;
    }

    /** The hash field, as the vault proxy reads it. */
    public String field() {
        return field;
    }

    /** Whether the cap is an amount of USD (all but {@link #CALL_TOKENS}). */
    public boolean isUsd() {
        return this != CALL_TOKENS;
    }
}
