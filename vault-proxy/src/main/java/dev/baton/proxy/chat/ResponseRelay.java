package dev.baton.proxy.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import dev.baton.proxy.secrets.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Copies an upstream answer to the agent. Event streams are passed through chunk by chunk as they arrive
 * (with back-pressure, each line redacted), watching for {@code usage}; other answers are read whole and
 * redacted, their {@code usage} read,
 * and upstream errors that are not OpenAI-shaped are wrapped so the agent always gets an OpenAI error with
 * the upstream's status. Runs on the event loop; never blocks.
 */
final class ResponseRelay {
    static final String STREAM_BROKEN = "upstream_stream_broken";
    private static final int MAX_KEPT = 4 << 20;

    private ResponseRelay() {}

    static Future<Outcome> relay(UpstreamClient.Answer answer, HttpServerResponse out, Redactor redactor) {
        HttpClientResponse in = answer.response();
        String type = in.getHeader("Content-Type");
        if (in.statusCode() / 100 == 2 && type != null && type.startsWith("text/event-stream")) {
            return stream(answer, out, redactor);
        }
        return in.resume().body().map(body -> whole(answer, redact(body, redactor), out));
    }

    private static Buffer redact(Buffer body, Redactor redactor) {
        String text = body.toString(StandardCharsets.UTF_8);
        String clean = redactor.redact(text);
        return clean.equals(text) ? body : Buffer.buffer(clean);
    }

    private static Outcome whole(UpstreamClient.Answer answer, Buffer body, HttpServerResponse out) {
        int status = answer.response().statusCode();
        JsonNode json = parse(body);
        if (status / 100 != 2 && (json == null || !json.path("error").isObject())) {
            String text = body.toString().strip();
            String message = "upstream " + answer.upstream().name() + " answered HTTP " + status
                    + (text.isEmpty() ? "" : ": " + text.substring(0, Math.min(200, text.length())));
            body = Buffer.buffer(OpenAiError.body(status, "upstream_error", message, e -> {}).toString());
        }
        String error = status / 100 == 2 ? null : json != null ? json.path("error").path("code").asText("upstream_error")
                : "upstream_error";
        out.setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
        return new Outcome(answer.target().model(), answer.upstream().name(), status, Usage.of(json), body, error);
    }

    private static Future<Outcome> stream(UpstreamClient.Answer answer, HttpServerResponse out, Redactor redactor) {
        HttpClientResponse in = answer.response();
        Promise<Outcome> done = Promise.promise();
        SseScanner scanner = new SseScanner(redactor);
        Buffer kept = Buffer.buffer();
        out.setStatusCode(in.statusCode()).setChunked(true)
                .putHeader("Content-Type", in.getHeader("Content-Type"))
                .putHeader("Cache-Control", "no-cache");
        in.handler(received -> {
            Buffer chunk = scanner.feed(received);
            if (chunk.length() == 0) {
                return;
            }
            if (kept.length() < MAX_KEPT) {
                kept.appendBuffer(chunk);
            }
            out.write(chunk);
            if (out.writeQueueFull()) {
                in.pause();
                out.drainHandler(v -> in.resume());
            }
        });
        out.closeHandler(v -> in.request().reset());
        in.exceptionHandler(e -> {
            out.reset();
            done.tryComplete(new Outcome(answer.target().model(), answer.upstream().name(), 502, scanner.usage(),
                    kept, STREAM_BROKEN));
        });
        in.endHandler(v -> {
            out.end(scanner.rest());
            done.tryComplete(new Outcome(answer.target().model(), answer.upstream().name(), in.statusCode(),
                    scanner.usage(), kept, null));
        });
        in.resume();
        return done.future();
    }

    private static JsonNode parse(Buffer body) {
        try {
            return body.length() == 0 ? null : Json.MAPPER.readTree(body.getBytes());
        } catch (IOException e) {
            return null;
        }
    }
}
