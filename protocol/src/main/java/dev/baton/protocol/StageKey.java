package dev.baton.protocol;

/** Identifies one dispatch of one stage of a ticket: what work orders and results are matched on. */
public record StageKey(String ticketId, Role role, String taskId, int round, int attempt) {

    /** A compact, key-safe form, e.g. {@code t-1/engineer/task-1/r2/a1}. */
    @Override
    public String toString() {
        return ticketId + "/" + role.id() + "/" + taskId + "/r" + round + "/a" + attempt;
    }
}
