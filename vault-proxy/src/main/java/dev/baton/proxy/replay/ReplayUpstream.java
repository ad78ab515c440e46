package dev.baton.proxy.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Json;
import dev.baton.protocol.ModelCall;
import dev.baton.proxy.audit.AuditLog;
import dev.baton.proxy.chat.OpenAiError;
import dev.baton.proxy.internal.VertxFutures;
import dev.baton.proxy.secrets.Redactor;
import dev.baton.proxy.token.Caller;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream of replay tickets: a call whose token's ticket has a replay mapping ({@link ReplayKeys#mapping})
 * is answered with the original ticket's recorded answer for the same role and task, in call order, and the
 * provider is never called. Every answered call of any ticket is appended to the call log ({@link #record}), so
 * any recorded run can be replayed while its bodies last. Replayed calls cost nothing and are audited as
 * {@link ModelCall}s of upstream {@value #NAME}.
 *
 * <p>Thread-safe; runs on the event loop and never blocks. Failure modes: a replay that asks for more calls
 * than were recorded gets 409 {@code replay_exhausted}, one whose body expired 410 {@code replay_body_expired},
 * a streaming call whose recording is not replayable as a stream (or the reverse) 409 {@code replay_mismatch}.
 */
public final class ReplayUpstream {
    public static final String NAME = "replay";
    private static final Logger LOG = LoggerFactory.getLogger(ReplayUpstream.class);

    private final RedisAsyncCommands<String, String> redis;
    private final AuditLog audit;
    private final Duration ttl;

    public ReplayUpstream(RedisAsyncCommands<String, String> redis, AuditLog audit, Duration ttl) {
        this.redis = redis;
        this.audit = audit;
        this.ttl = ttl;
    }

    /** Appends an answered call to its ticket's call log; a failure is logged, never thrown. */
    public void record(ModelCall call) {
        if (call.taskId() == null || call.responseSha256() == null) {
            return;
        }
        String key = ReplayKeys.calls(call.ticketId(), call.role(), call.taskId());
        redis.rpush(key, call.status() + " " + call.responseSha256())
                .thenCompose(n -> redis.expire(key, ttl.toSeconds()))
                .exceptionally(e -> {
                    LOG.warn("call of ticket {} not logged for replay: {}", call.ticketId(), e.toString());
                    return null;
                });
    }

    /**
     * Answers the call from the recording when the caller's ticket is a replay.
     *
     * @return true if the call was answered (or refused) here; false if it is not a replay and goes upstream
     */
    public Future<Boolean> serve(Caller caller, ObjectNode request, Redactor redactor, HttpServerResponse response) {
        return VertxFutures.of(redis.get(ReplayKeys.mapping(caller.ticketId()))).compose(original -> original == null
                ? Future.succeededFuture(false)
                : answer(caller, original, request, redactor, response).map(true));
    }

    private Future<Void> answer(Caller caller, String original, ObjectNode request, Redactor redactor,
            HttpServerResponse response) {
        long started = System.nanoTime();
        String cursor = ReplayKeys.cursor(caller.ticketId(), caller.role(), caller.taskId());
        return VertxFutures.of(redis.incr(cursor).thenCompose(n -> redis.expire(cursor, ttl.toSeconds()).thenApply(x -> n)))
                .compose(n -> VertxFutures.of(redis.lindex(ReplayKeys.calls(original, caller.role(), caller.taskId()),
                        n - 1)).compose(entry -> {
                            if (entry == null) {
                                return refuse(response, 409, "replay_exhausted", "the recorded run of ticket "
                                        + original + " made only " + (n - 1) + " call(s) as " + caller.role().id()
                                        + " for task " + caller.taskId() + "; this replay asked for call " + n);
                            }
                            String[] parts = entry.split(" ", 2);
                            return VertxFutures.of(redis.get(AuditLog.bodyKey(parts[1]))).compose(body -> body == null
                                    ? refuse(response, 410, "replay_body_expired", "the recorded answer " + parts[1]
                                            + " of ticket " + original + " has expired (proxy.audit.body-ttl)")
                                    : send(caller, Integer.parseInt(parts[0]), body, request, redactor, response,
                                            started));
                        }));
    }

    private Future<Void> send(Caller caller, int status, String body, ObjectNode request, Redactor redactor,
            HttpServerResponse response, long started) {
        boolean stream = request.path("stream").asBoolean(false);
        boolean recordedStream = body.startsWith("data:") || body.startsWith("event:");
        JsonNode json = recordedStream ? null : parse(body);
        if (stream && status / 100 == 2 && !recordedStream && json != null) {
            response.setStatusCode(status).putHeader("Content-Type", "text/event-stream")
                    .putHeader("Cache-Control", "no-cache").end(SseAnswer.of(json));
        } else if (stream == recordedStream || status / 100 != 2) {
            response.setStatusCode(status).putHeader("Content-Type", recordedStream ? "text/event-stream"
                    : "application/json").end(body);
        } else {
            return refuse(response, 409, "replay_mismatch", "the recorded answer was " + (recordedStream ? "" : "not ")
                    + "streamed; this call asks for " + (stream ? "" : "no ") + "stream");
        }
        redactor.redactInPlace(request);
        String requestSha = audit.keep(request.toString().getBytes(StandardCharsets.UTF_8));
        String responseSha = audit.keep(body.getBytes(StandardCharsets.UTF_8));
        JsonNode usage = json == null ? Json.MAPPER.missingNode() : json.path("usage");
        ModelCall call = new ModelCall(caller.ticketId(), caller.taskId(), caller.role(),
                json == null ? null : json.path("model").asText(null), NAME, usage.path("prompt_tokens").asLong(0),
                usage.path("completion_tokens").asLong(0), BigDecimal.ZERO, status,
                (System.nanoTime() - started) / 1_000_000, requestSha, responseSha);
        audit.publish(call);
        record(call);
        try (var log = caller.log()) {
            LOG.info("model call role={} ticket={} task={} upstream=replay status={}", caller.role().id(),
                    caller.ticketId(), caller.taskId(), status);
        }
        return Future.succeededFuture();
    }

    private static Future<Void> refuse(HttpServerResponse response, int status, String code, String message) {
        LOG.warn("replay refused: {}", message);
        OpenAiError.send(response, status, code, message);
        return Future.succeededFuture();
    }

    private static JsonNode parse(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
