package dev.baton.proxy.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Json;
import io.vertx.core.http.HttpServerResponse;
import java.util.function.Consumer;

/**
 * Errors in OpenAI's shape, {@code {"error":{"message","type","code","param"}}}, so every OpenAI client
 * surfaces them as API errors with a status and a code. Baton adds fields inside {@code error} where the
 * caller needs them (budget scope and amounts). Stateless and thread-safe.
 */
public final class OpenAiError {
    private OpenAiError() {}

    /** The error body; {@code extra} may add fields to the {@code error} object. */
    public static ObjectNode body(int status, String code, String message, Consumer<ObjectNode> extra) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message).put("type", type(status)).put("code", code).putNull("param");
        extra.accept(error);
        return root;
    }

    /** Sends the error unless the response has already started (then it can only be cut off). */
    public static void send(HttpServerResponse response, int status, String code, String message) {
        send(response, status, body(status, code, message, e -> {}));
    }

    public static void send(HttpServerResponse response, int status, ObjectNode body) {
        if (response.headWritten() || response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
    }

    /** The OpenAI error type for a status: what OpenAI's own API answers. */
    public static String type(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }
}
