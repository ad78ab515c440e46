package dev.baton.proxy.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;

/**
 * Copies an upstream answer to the agent. Event streams are passed through chunk by chunk as they arrive
 * (with back-pressure), watching for {@code usage}; other answers are read whole, their {@code usage} read,
 * and upstream errors that are not OpenAI-shaped are wrapped so the agent always gets an OpenAI error with
 * the upstream's status. Runs on the event loop; never blocks.
 */
final class ResponseRelay {
    static final String STREAM_BROKEN = "upstream_stream_broken";
    private static final int MAX_KEPT = 4 << 20;

    private ResponseRelay() {}

    static Future<Outcome> relay(UpstreamClient.Answer answer, HttpServerResponse out) {
        HttpClientResponse in = answer.response();
        String type = in.getHeader("Content-Type");
        if (in.statusCode() / 100 == 2 && type != null && type.startsWith("text/event-stream")) {
            return stream(answer, out);
        }
        return in.resume().body().map(body -> whole(answer, body, out));
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

    private static Future<Outcome> stream(UpstreamClient.Answer answer, HttpServerResponse out) {
        HttpClientResponse in = answer.response();
        Promise<Outcome> done = Promise.promise();
        SseScanner scanner = new SseScanner();
        Buffer kept = Buffer.buffer();
        out.setStatusCode(in.statusCode()).setChunked(true)
                .putHeader("Content-Type", in.getHeader("Content-Type"))
                .putHeader("Cache-Control", "no-cache");
        in.handler(chunk -> {
            scanner.feed(chunk.getBytes());
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
            out.end();
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
