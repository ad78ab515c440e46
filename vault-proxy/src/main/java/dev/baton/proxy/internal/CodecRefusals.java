package dev.baton.proxy.internal;

import dev.baton.proxy.audit.Metrics;
import dev.baton.proxy.chat.OpenAiError;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;

/**
 * The proxy's answer to a request its HTTP codec could not parse (a malformed request line or header, a URI over
 * 4 KiB, headers over 8 KiB): the same status Vert.x would send, 400, 414 or 431, but with an OpenAI-shaped JSON
 * error saying what was wrong; then the connection is closed, since the rest of its bytes cannot be framed.
 */
final class CodecRefusals {
    private final Metrics metrics;

    CodecRefusals(Metrics metrics) {
        this.metrics = metrics;
    }

    void refuse(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        String why = cause == null || cause.getMessage() == null ? "malformed request"
                : cause.getMessage().replaceAll("\\p{Cntrl}", "?");
        int status = cause instanceof TooLongHttpLineException ? 414
                : cause instanceof TooLongHttpHeaderException ? 431 : 400;
        String code = switch (status) {
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            default -> "malformed_request";
        };
        metrics.rejected(code);
        var body = OpenAiError.body(status, code, "the request cannot be read as HTTP: "
                + (why.length() > 200 ? why.substring(0, 200) + "…" : why), error -> {});
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close").end(body.toString())
                .onComplete(done -> request.connection().close());
    }
}
