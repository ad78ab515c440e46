package dev.baton.coordinator.workflow;

import dev.baton.protocol.Role;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How long a stage may take and how often it is tried. A work order may wait {@code queueDeadline} in its
 * role's queue before an agent takes it up; from then on the role's deadline runs. Each later attempt gets
 * twice the time of the one before. A retriable failure is retried after {@code retryBackoff}, doubling per
 * attempt (at most a minute). After {@code maxAttempts} the ticket fails with the reason.
 *
 * @param deadlines     per role, the time from {@code StageStarted} to the result
 * @param queueDeadline the time from dispatch to {@code StageStarted}
 */
public record StagePolicy(Map<Role, Duration> deadlines, Duration queueDeadline, int maxAttempts,
        Duration retryBackoff) {
    private static final Duration MAX_RETRY_BACKOFF = Duration.ofMinutes(1);
    /** A token outlives the stage's deadlines by this much, so the agent's last call is never cut short. */
    private static final Duration TOKEN_GRACE = Duration.ofMinutes(1);

    public StagePolicy {
        deadlines = Map.copyOf(new EnumMap<>(deadlines));
        for (Role role : Role.values()) {
            Objects.requireNonNull(deadlines.get(role), () -> "no stage deadline for " + role.id());
        }
        Objects.requireNonNull(queueDeadline, "queueDeadline");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
    }

    /** The same deadline for every role. */
    public static StagePolicy uniform(Duration deadline, Duration queueDeadline, int maxAttempts, Duration retryBackoff) {
        var all = new EnumMap<Role, Duration>(Role.class);
        for (Role role : Role.values()) {
            all.put(role, deadline);
        }
        return new StagePolicy(all, queueDeadline, maxAttempts, retryBackoff);
    }

    /** The time {@code role}'s attempt number {@code attempt} may work once taken up. */
    public Duration deadline(Role role, int attempt) {
        return deadlines.get(role).multipliedBy(factor(attempt));
    }

    /** The time attempt number {@code attempt} may wait in the queue. */
    public Duration queueDeadline(int attempt) {
        return queueDeadline.multipliedBy(factor(attempt));
    }

    /** How long the task token of an attempt lives: queued, then working, then a grace period. */
    public Duration tokenTtl(Role role, int attempt) {
        return queueDeadline(attempt).plus(deadline(role, attempt)).plus(TOKEN_GRACE);
    }

    /** The pause before attempt {@code failedAttempt + 1} after a retriable failure. */
    public Duration retryDelay(int failedAttempt) {
        Duration delay = retryBackoff.multipliedBy(factor(failedAttempt));
        return delay.compareTo(MAX_RETRY_BACKOFF) > 0 ? MAX_RETRY_BACKOFF : delay;
    }

    private static long factor(int attempt) {
        return 1L << Math.min(Math.max(attempt, 1) - 1, 16);
    }
}
