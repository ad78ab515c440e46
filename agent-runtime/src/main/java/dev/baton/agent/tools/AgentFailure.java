package dev.baton.agent.tools;

import dev.baton.protocol.ErrorCode;

/** The agent cannot finish the work order; becomes a FAILED {@link dev.baton.protocol.WorkResult}. */
public final class AgentFailure extends RuntimeException {
    private final ErrorCode code;

    public AgentFailure(ErrorCode code, String reason) {
        super(reason);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
