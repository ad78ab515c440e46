package dev.baton.protocol;

import java.util.Objects;

/**
 * A message that could not be handled, with why. {@code raw} holds the first {@value #MAX_RAW} characters
 * of the original (decoded as UTF-8, invalid bytes replaced); {@code rawBytes} its full size.
 */
public record DeadLetter(
        String ticketId, String sourceTopic, int partition, long offset, ErrorCode code, String reason, String raw,
        int rawBytes) implements Payload.DlqMessage {

    public static final int MAX_RAW = 4096;
    public static final String UNKNOWN_TICKET = "unknown";

    public DeadLetter {
        Check.id(ticketId, "ticketId");
        Objects.requireNonNull(sourceTopic, "sourceTopic");
        Objects.requireNonNull(code, "code");
        // A reason quotes bad input; it is cut, never refused, so a dead letter can always be written.
        reason = reason == null ? code.message() : reason.length() > MAX_RAW ? reason.substring(0, MAX_RAW) + "…" : reason;
        raw = raw == null ? "" : raw.length() > MAX_RAW ? raw.substring(0, MAX_RAW) : raw;
    }
}
