package dev.baton.agent.tools;

import dev.baton.protocol.ErrorCode;

/**
 * Ends a task that goes round in circles: the same tool call (name and arguments) several times in a row, or
 * the same tool error several times in a row, whatever the calls were. Not thread-safe.
 */
final class StuckDetector {
    private final int limit;
    private String lastCall;
    private int sameCalls;
    private String lastError;
    private int sameErrors;

    StuckDetector(int limit) {
        this.limit = limit;
    }

    void call(String name, String arguments) {
        String call = name + " " + arguments;
        sameCalls = call.equals(lastCall) ? sameCalls + 1 : 1;
        lastCall = call;
        if (sameCalls >= limit) {
            throw new AgentFailure(ErrorCode.AGENT_FAILED, "stuck: the model called " + name + " with the same "
                    + "arguments " + sameCalls + " times in a row");
        }
    }

    void result(String content, boolean error) {
        if (!error) {
            lastError = null;
            sameErrors = 0;
            return;
        }
        sameErrors = content.equals(lastError) ? sameErrors + 1 : 1;
        lastError = content;
        if (sameErrors >= limit) {
            throw new AgentFailure(ErrorCode.AGENT_FAILED, "stuck: the same error " + sameErrors
                    + " times in a row: " + (content.length() > 300 ? content.substring(0, 300) + "…" : content));
        }
    }
}
