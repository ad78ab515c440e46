package dev.baton.agent.tools;

import java.time.Duration;

/**
 * What one task may use: model calls (steps), wall time, and tokens summed over its calls. A task that would
 * exceed one ends with {@link dev.baton.protocol.ErrorCode#AGENT_FAILED} and a reason naming the cap.
 */
public record Caps(int maxSteps, Duration maxWall, long maxTokens) {
    public static Caps steps(int maxSteps) {
        return new Caps(maxSteps, Duration.ofMinutes(30), Long.MAX_VALUE);
    }
}
