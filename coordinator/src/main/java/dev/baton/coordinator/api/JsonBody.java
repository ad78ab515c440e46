package dev.baton.coordinator.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Json;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A request's JSON object body, checked against the fields an endpoint accepts. Every problem is a 4xx. */
final class JsonBody {
    private final ObjectNode node;

    private JsonBody(ObjectNode node) {
        this.node = node;
    }

    /**
     * Parses the body. An empty body is an empty object unless {@code required}.
     *
     * @throws ApiException 415 for a non-JSON content type, 400 for bad JSON, a non-object or an unknown field
     */
    static JsonBody parse(RoutingContext ctx, Set<String> allowed, boolean required) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            if (required) {
                throw ApiException.badRequest("invalid_body", "a JSON object body is required");
            }
            return new JsonBody(Json.MAPPER.createObjectNode());
        }
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, "unsupported_media_type", "send the body as Content-Type: application/json");
        }
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw ApiException.badRequest("invalid_json", "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(parsed instanceof ObjectNode object)) {
            throw ApiException.badRequest("invalid_body", "the body must be a JSON object");
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("invalid_body",
                        "unknown field '" + name + "'; accepted fields are " + new TreeSet<>(allowed));
            }
        }
        return new JsonBody(object);
    }

    boolean has(String field) {
        return node.has(field);
    }

    /** A string field, or empty when absent or null. */
    Optional<String> text(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("invalid_body", field + " must be a string");
        }
        return Optional.of(value.asText());
    }

    String required(String field) {
        return text(field).filter(s -> !s.isBlank())
                .orElseThrow(() -> ApiException.badRequest("invalid_body", field + " is required"));
    }

    /** A number field; empty when the field is null (the caller decides what absent means, see {@link #has}). */
    Optional<BigDecimal> number(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isNumber()) {
            throw ApiException.badRequest("invalid_body", field + " must be a number or null");
        }
        return Optional.of(value.decimalValue());
    }

    /** Runs a record's validation, turning its message into a 400. */
    static <T> T checked(java.util.function.Supplier<T> construct) {
        try {
            return construct.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.badRequest("invalid_body", String.valueOf(e.getMessage()));
        }
    }
}
