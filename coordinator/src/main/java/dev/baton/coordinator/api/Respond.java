package dev.baton.coordinator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.baton.protocol.Json;
import io.lettuce.core.RedisException;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes JSON answers and errors, and runs blocking work (Redis, Kafka) off the event loop. */
final class Respond {
    private static final Logger LOG = LoggerFactory.getLogger(Respond.class);
    static final String JSON = "application/json; charset=utf-8";
    private static final Map<Integer, String> CODES = Map.of(400, "bad_request", 401, "unauthorized", 404,
            "not_found", 405, "method_not_allowed", 413, "body_too_large", 415, "unsupported_media_type", 500,
            "internal_error", 503, "unavailable");

    private Respond() {}

    static void json(RoutingContext ctx, int status, Object body) {
        try {
            send(ctx, status, body instanceof String s ? s : Json.MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }

    static void error(RoutingContext ctx, int status, String code, String message) {
        var root = Json.MAPPER.createObjectNode();
        root.putObject("error").put("code", code).put("message", message);
        send(ctx, status, root.toString());
    }

    /** Runs {@code work} on a worker thread and answers its result with {@code status}, or fails the request. */
    static <T> void blocking(RoutingContext ctx, int status, Callable<T> work) {
        ctx.vertx().executeBlocking(work, false).onComplete(ar -> {
            if (ar.succeeded()) {
                json(ctx, status, ar.result());
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    /** The router's failure handler: an {@link ApiException} as itself, outages as 503, anything else as 500. */
    static void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof ApiException e) {
            error(ctx, e.status(), e.code(), e.getMessage());
        } else if (failure instanceof RedisException || failure instanceof KafkaException
                || failure instanceof java.util.concurrent.TimeoutException) {
            LOG.warn("{} {}: the blackboard or Kafka is unavailable: {}", ctx.request().method(), ctx.request().path(),
                    failure.toString());
            error(ctx, 503, "unavailable", "Redis or Kafka is unavailable, retry shortly: " + failure.getMessage());
        } else if (failure != null && failure.getClass().getName().startsWith("io.netty.handler.codec")) {
            error(ctx, 400, "bad_request", "the request body cannot be decoded: " + failure.getClass().getSimpleName());
        } else if (failure instanceof IllegalArgumentException e) {
            // e.g. a path or query that is not valid percent-encoding, or a value a record refuses
            error(ctx, 400, "bad_request", "invalid request: " + e.getMessage());
        } else if (failure != null) {
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
            error(ctx, 500, "internal_error", "unexpected error: " + failure);
        } else {
            status(ctx, ctx.statusCode() < 0 ? 500 : ctx.statusCode());
        }
    }

    /** An error answer for a status the router produced itself (404, 405, 413…). */
    static void status(RoutingContext ctx, int status) {
        String message = switch (status) {
            case 400 -> "the request path cannot be decoded (invalid percent-encoding or UTF-8)";
            case 404 -> "no such endpoint: " + ctx.request().method() + " " + ctx.request().path();
            case 405 -> ctx.request().method() + " is not allowed on " + ctx.request().path();
            case 413 -> "the request body is larger than " + ApiRouter.MAX_BODY_BYTES + " bytes";
            default -> "request failed with HTTP " + status;
        };
        error(ctx, status, CODES.getOrDefault(status, "error"), message);
    }

    private static void send(RoutingContext ctx, int status, String body) {
        var response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", JSON).putHeader("Cache-Control", "no-store")
                .end(body);
    }
}
