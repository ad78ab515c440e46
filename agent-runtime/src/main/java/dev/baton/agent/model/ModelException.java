package dev.baton.agent.model;

import dev.baton.protocol.ErrorCode;

/** A model call that failed, with the code to branch on ({@link ErrorCode#BUDGET_EXCEEDED} is never retried). */
public final class ModelException extends RuntimeException {
    private final ErrorCode code;
    private final int status;

    public ModelException(ErrorCode code, int status, String message) {
        super(message);
        this.code = code;
        this.status = status;
    }

    public ErrorCode code() {
        return code;
    }

    public int status() {
        return status;
    }
}
