package dev.baton.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Encodes payloads into envelopes and decodes bytes back, reporting every problem as a
 * {@link Decoded.Failed} with an {@link ErrorCode} instead of throwing. Thread-safe.
 */
public final class Codec {
    public static final int SCHEMA = 1;
    public static final int MAX_MESSAGE_BYTES = 1024 * 1024;

    private static final Map<String, Class<? extends Payload>> TYPES = Stream.of(
                    TicketSubmitted.class, WorkOrder.class, WorkResult.class, StageStarted.class, HandoffEvent.class,
                    ToolCall.class, ModelCall.class, BudgetEvent.class, GitCall.class, StageSummary.class,
                    ControlCommand.class, DeadLetter.class)
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private Codec() {}

    /** Wraps a payload in a new envelope with a fresh id. */
    public static Envelope wrap(Payload payload, int attempt) {
        return wrap(payload, attempt, UUID.randomUUID().toString());
    }

    public static Envelope wrap(Payload payload, int attempt, String id) {
        return new Envelope(payload.getClass().getSimpleName(), SCHEMA, id, payload.ticketId(), attempt,
                Instant.now(), Json.MAPPER.valueToTree(payload));
    }

    public static byte[] encode(Envelope envelope) {
        try {
            return Json.MAPPER.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] encode(Payload payload) {
        return encode(wrap(payload, 1));
    }

    /**
     * Decodes bytes read from a topic whose messages implement {@code expected}.
     *
     * @return {@link Decoded.Ok}, or {@link Decoded.Failed} for oversized, malformed, unknown, wrong-topic
     *     or invalid messages
     */
    public static Decoded decode(byte[] bytes, Class<? extends Payload> expected) {
        if (bytes == null) {
            return new Decoded.Failed(ErrorCode.INVALID_MESSAGE, "the record has no value", DeadLetter.UNKNOWN_TICKET);
        }
        if (bytes.length > MAX_MESSAGE_BYTES) {
            return new Decoded.Failed(ErrorCode.MESSAGE_TOO_LARGE,
                    "the message is " + bytes.length + " bytes, the limit is " + MAX_MESSAGE_BYTES,
                    DeadLetter.UNKNOWN_TICKET);
        }
        Envelope envelope;
        try {
            envelope = Json.MAPPER.readValue(bytes, Envelope.class);
        } catch (IOException | RuntimeException e) {
            return failure(e, DeadLetter.UNKNOWN_TICKET, "envelope");
        }
        if (envelope == null) {
            return new Decoded.Failed(ErrorCode.INVALID_MESSAGE, "the message is JSON null", DeadLetter.UNKNOWN_TICKET);
        }
        return decodePayload(envelope, expected);
    }

    private static Decoded decodePayload(Envelope envelope, Class<? extends Payload> expected) {
        String ticket = safeTicket(envelope.ticketId());
        Class<? extends Payload> type = TYPES.get(envelope.type());
        if (type == null) {
            return new Decoded.Failed(ErrorCode.UNKNOWN_TYPE,
                    "unknown message type '" + envelope.type() + "', known types are " + TYPES.keySet(), ticket);
        }
        if (envelope.schema() != SCHEMA) {
            return new Decoded.Failed(ErrorCode.UNSUPPORTED_SCHEMA,
                    "schema " + envelope.schema() + " of " + envelope.type() + " is not supported, expected " + SCHEMA,
                    ticket);
        }
        if (!expected.isAssignableFrom(type)) {
            return new Decoded.Failed(ErrorCode.WRONG_TOPIC,
                    envelope.type() + " does not belong on a topic of " + expected.getSimpleName(), ticket);
        }
        try {
            Payload payload = Json.MAPPER.treeToValue(envelope.payload(), type);
            if (payload == null) {
                return new Decoded.Failed(ErrorCode.INVALID_MESSAGE, "invalid " + envelope.type() + ": payload is null",
                        ticket);
            }
            if (!payload.ticketId().equals(envelope.ticketId())) {
                return new Decoded.Failed(ErrorCode.INVALID_MESSAGE,
                        "payload ticketId differs from the envelope's", ticket);
            }
            return new Decoded.Ok(envelope, payload);
        } catch (IOException | RuntimeException e) {
            return failure(e, ticket, envelope.type());
        }
    }

    private static Decoded.Failed failure(Exception e, String ticket, String what) {
        if (e instanceof JacksonException je && !(e instanceof com.fasterxml.jackson.databind.JsonMappingException)) {
            return new Decoded.Failed(ErrorCode.MALFORMED_JSON, "malformed JSON: " + je.getOriginalMessage(), ticket);
        }
        Throwable cause = e instanceof ValueInstantiationException vie && vie.getCause() != null ? vie.getCause() : e;
        String message = cause instanceof JacksonException je ? je.getOriginalMessage() : cause.getMessage();
        message = message == null ? cause.getClass().getSimpleName() : message;
        return new Decoded.Failed(ErrorCode.INVALID_MESSAGE, "invalid " + what + ": "
                + (message.length() > 1000 ? message.substring(0, 1000) + "…" : message), ticket);
    }

    private static String safeTicket(String ticketId) {
        try {
            return Check.id(ticketId, "ticketId");
        } catch (RuntimeException e) {
            return DeadLetter.UNKNOWN_TICKET;
        }
    }
}
