package dev.baton.proxy.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Json;
import dev.baton.proxy.ProxyException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An agent's chat completion request, parsed and validated. Everything else in it ({@code tools},
 * {@code tool_choice}, ...) is passed on untouched. Not thread-safe: one request, one event loop.
 */
final class ChatRequest {
    /** The largest output limit a call may ask for (budgets price the worst case, so it must stay finite). */
    static final long MAX_OUTPUT_TOKENS = 10_000_000;
    private final ObjectNode body;

    private ChatRequest(ObjectNode body) {
        this.body = body;
    }

    /**
     * @throws ProxyException 400 if the body is not a JSON object with a {@code messages} array, or if
     *     {@code stream} is not a boolean, {@code stream_options} not an object, or an output limit
     *     ({@code max_tokens}, {@code max_completion_tokens}) not a whole number from 1 to {@value #MAX_OUTPUT_TOKENS}
     */
    static ChatRequest parse(Buffer raw) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(raw.getBytes());
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            throw new ProxyException(400, "invalid_json", "the request body is not a JSON object");
        }
        if (!json.path("messages").isArray()) {
            throw new ProxyException(400, "invalid_request_error", "the request has no messages array");
        }
        // The proxy itself reads and writes these, so their types are checked here rather than upstream.
        requireType(json, "stream", JsonNode::isBoolean, "a boolean");
        requireType(json, "stream_options", JsonNode::isObject, "an object");
        for (String field : new String[] {"max_tokens", "max_completion_tokens"}) {
            requireType(json, field, v -> v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= 1
                    && v.asLong() <= MAX_OUTPUT_TOKENS, "a whole number from 1 to " + MAX_OUTPUT_TOKENS);
        }
        return new ChatRequest((ObjectNode) json);
    }

    private static void requireType(JsonNode json, String field, java.util.function.Predicate<JsonNode> valid,
            String expected) {
        JsonNode value = json.get(field);
        if (value != null && !value.isNull() && !valid.test(value)) {
            throw new ProxyException(400, "invalid_request_error", "'" + field + "' must be " + expected + ", not "
                    + value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT), error -> error.put("param", field));
        }
    }

    ObjectNode body() {
        return body;
    }

    boolean stream() {
        return body.path("stream").asBoolean(false);
    }

    /** Asks a streaming upstream for a final {@code usage} chunk, which budgets settle on. */
    void requestStreamUsage() {
        if (stream()) {
            body.withObjectProperty("stream_options").put("include_usage", true);
        }
    }

    /** The output limit the agent asked for, or 0 if none. */
    long requestedOutput() {
        long completion = body.path("max_completion_tokens").asLong(0);
        return completion > 0 ? completion : body.path("max_tokens").asLong(0);
    }

    /** Sets the output limit the budget granted, in the field the agent used (else {@code defaultField}). */
    void grant(long outputTokens, String defaultField) {
        String field = body.has("max_completion_tokens") ? "max_completion_tokens"
                : body.has("max_tokens") ? "max_tokens" : defaultField;
        body.put(field, outputTokens);
    }

    byte[] bytes() {
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
