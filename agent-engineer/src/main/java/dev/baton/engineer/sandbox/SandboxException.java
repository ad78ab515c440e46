package dev.baton.engineer.sandbox;

import dev.baton.protocol.ErrorCode;

/**
 * The sandbox itself failed (the Docker engine is unreachable, the image is missing, the container died or
 * expired), as opposed to a command in it failing, which is an {@link ExecResult} with a non-zero exit code.
 * Always {@link ErrorCode#SANDBOX_ERROR}, which is retriable: a new sandbox may well work.
 */
public final class SandboxException extends RuntimeException {
    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }

    public ErrorCode code() {
        return ErrorCode.SANDBOX_ERROR;
    }
}
