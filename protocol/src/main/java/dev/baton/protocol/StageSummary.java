package dev.baton.protocol;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one agent stage did, emitted by the agent when the stage ends, done or failed. The whole conversation is on
 * the blackboard under {@code transcriptKey} and served by the coordinator at {@code transcriptPath}.
 *
 * @param steps          model calls answered
 * @param toolCalls      how many times each tool was called, refused calls included
 * @param costUsd        the stage's model cost when the agent knows it, else null (the vault proxy prices each call;
 *                       its {@link ModelCall} events carry the cost)
 * @param outcome        how the stage ended
 * @param code           the failure's code; {@link ErrorCode#NONE} when the stage did not fail
 * @param stopReason     why it stopped: the tool that ended it, or the failure's reason
 */
public record StageSummary(
        String ticketId, Role role, String taskId, int round, int attempt, int steps, Map<String, Integer> toolCalls,
        long tokensIn, long tokensOut, BigDecimal costUsd, long wallMs, WorkResult.Outcome outcome, ErrorCode code,
        String stopReason, String transcriptKey, String transcriptPath) implements Payload.EventMessage {

    public StageSummary {
        Check.id(ticketId, "ticketId");
        Objects.requireNonNull(role, "role");
        Check.id(taskId, "taskId");
        Objects.requireNonNull(outcome, "outcome");
        code = code == null ? ErrorCode.NONE : code;
        toolCalls = toolCalls == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(toolCalls));
        if (toolCalls.size() > Check.MAX_LIST) {
            throw new IllegalArgumentException("toolCalls has " + toolCalls.size() + " entries, the limit is "
                    + Check.MAX_LIST);
        }
        stopReason = stopReason == null ? "" : Check.optional(stopReason, "stopReason", Check.MAX_TEXT);
        transcriptKey = Check.optional(transcriptKey, "transcriptKey", 1000);
        transcriptPath = Check.optional(transcriptPath, "transcriptPath", 1000);
    }

    /** The coordinator API path of a stage's transcript. */
    public static String transcriptPath(StageKey stage) {
        return "/api/tickets/" + stage.ticketId() + "/transcripts/" + stage.role().id() + "/" + stage.taskId() + "/"
                + stage.round() + "/" + stage.attempt();
    }
}
