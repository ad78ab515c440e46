package dev.baton.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * The wire form of every message: {@code {type, schema, id, ticketId, attempt, occurredAt, payload}}.
 * Consumers are idempotent on {@code id}.
 */
public record Envelope(
        String type, int schema, String id, String ticketId, int attempt, Instant occurredAt, JsonNode payload) {

    public Envelope {
        Objects.requireNonNull(type, "type");
        Check.text(id, "id", 200);
        Objects.requireNonNull(ticketId, "ticketId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(payload, "payload");
    }
}
