package dev.baton.coordinator.api;

import dev.baton.protocol.Json;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;

/**
 * The API's answer to a request the HTTP codec could not parse: 414 for a request line over 4 KiB, 431 for headers
 * over 8 KiB, 400 for anything malformed, as Vert.x would answer, but with the API's JSON error; then the connection
 * is closed, since what follows on it cannot be framed.
 */
final class CodecRefusals {
    private CodecRefusals() {}

    static void refuse(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        record Refusal(int status, String code) {}
        Refusal refusal = switch (cause) {
            case TooLongHttpLineException e -> new Refusal(414, "uri_too_long");
            case TooLongHttpHeaderException e -> new Refusal(431, "headers_too_large");
            case null, default -> new Refusal(400, "bad_request");
        };
        String detail = cause == null || cause.getMessage() == null ? "malformed request"
                : cause.getMessage().replaceAll("\\p{Cntrl}", "?");
        var body = Json.MAPPER.createObjectNode();
        body.putObject("error").put("code", refusal.code()).put("message", "the request cannot be read as HTTP: "
                + (detail.length() > 200 ? detail.substring(0, 200) + "…" : detail));
        request.response().setStatusCode(refusal.status()).putHeader("Content-Type", Respond.JSON)
                .putHeader("Connection", "close").end(body.toString())
                .onComplete(sent -> request.connection().close());
    }
}
