package dev.baton.blackboard;

/** The outcome of a compare-and-set write. */
public enum CasResult {
    /** Written; the version went up by one. */
    APPLIED,
    /** Refused: the record changed since it was read. Re-read and decide again. */
    STALE,
    /** Refused: the message id was already applied to this ticket. Nothing changed. */
    DUPLICATE
}
