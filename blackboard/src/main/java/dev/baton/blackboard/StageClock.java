package dev.baton.blackboard;

import java.time.Instant;

/**
 * Where the current stage's work order stands in time, for its deadline.
 *
 * @param dispatchedAt when the current attempt's work order was sent, null when none is outstanding
 * @param startedAt    when an agent last said it took that order up ({@code StageStarted}), null while queued
 * @param retryAt      when the next attempt is to be sent after a retriable failure, null otherwise
 */
public record StageClock(Instant dispatchedAt, Instant startedAt, Instant retryAt) {
    public static final StageClock IDLE = new StageClock(null, null, null);

    public static StageClock dispatched(Instant at) {
        return new StageClock(at, null, null);
    }

    public static StageClock retryAt(Instant at) {
        return new StageClock(null, null, at);
    }

    public StageClock started(Instant at) {
        return new StageClock(dispatchedAt, at, null);
    }

    /** Whether a work order is outstanding (sent and not yet answered). */
    public boolean outstanding() {
        return dispatchedAt != null;
    }
}
