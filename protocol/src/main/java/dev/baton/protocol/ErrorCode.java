package dev.baton.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Every error Baton reports, with a stable number. The name may change; the number never does.
 * Callers branch on the code, never on message text.
 */
public enum ErrorCode {
    NONE(0, "no error", false),
    UNKNOWN(1, "unexpected error", true),
    MALFORMED_JSON(10, "the message is not valid JSON", false),
    UNKNOWN_TYPE(11, "the message type is unknown", false),
    UNSUPPORTED_SCHEMA(12, "the message schema version is not supported", false),
    INVALID_MESSAGE(13, "the message is missing a field or has an invalid value", false),
    MESSAGE_TOO_LARGE(14, "the message exceeds the size limit", false),
    WRONG_TOPIC(15, "the message type does not belong on this topic", false),
    ILLEGAL_TRANSITION(20, "the ticket cannot move to that state from its current state", false),
    STALE_WRITE(21, "the record changed since it was read", true),
    UNKNOWN_TICKET(22, "no ticket with that id", false),
    STALE_RESULT(23, "the result does not match the ticket's current stage or attempt", false),
    DUPLICATE(24, "the message was already applied", false),
    REVIEW_ROUNDS_EXHAUSTED(25, "the reviewer asked for changes more times than allowed", false),
    INVALID_PLAN(26, "the plan is invalid", false),
    MODEL_ERROR(30, "the model call failed", true),
    BUDGET_EXCEEDED(31, "a budget cap would be exceeded", false),
    UNAUTHORIZED(32, "missing, invalid, expired or revoked credentials", false),
    FORBIDDEN(33, "the credentials do not allow this operation", false),
    UPSTREAM_TIMEOUT(34, "the upstream did not answer in time", true),
    TOKEN_EXPIRED(35, "the task token expired before the work was done", true),
    GIT_ERROR(40, "a git operation failed", true),
    SECRET_DETECTED(41, "the change contains a secret", false),
    AGENT_FAILED(42, "the agent could not complete the work", false),
    DEADLINE_EXCEEDED(43, "the work order got no result in time", true),
    CANCELLED(44, "the ticket was cancelled", false),
    HALTED(45, "the fleet was halted", false),
    PUSH_CONFLICT(46, "the branch moved while the work was done and holds no commit of this stage", true),
    SANDBOX_ERROR(50, "the sandbox failed", true);

    private final int code;
    private final String message;
    private final boolean retriable;

    ErrorCode(int code, String message, boolean retriable) {
        this.code = code;
        this.message = message;
        this.retriable = retriable;
    }

    /** The stable number; this is what goes on the wire. */
    @JsonValue
    public int code() {
        return code;
    }

    public String message() {
        return message;
    }

    public boolean retriable() {
        return retriable;
    }

    @JsonCreator
    public static ErrorCode forCode(int code) {
        for (ErrorCode e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return UNKNOWN;
    }
}
