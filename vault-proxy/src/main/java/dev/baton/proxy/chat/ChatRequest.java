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
    private final ObjectNode body;

    private ChatRequest(ObjectNode body) {
        this.body = body;
    }

    /** @throws ProxyException 400 if the body is not a JSON object with a {@code messages} array */
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
        return new ChatRequest((ObjectNode) json);
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
