package dev.baton.agent.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Json;
import dev.baton.protocol.WorkOrder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * An OpenAI-compatible chat completions client that only ever talks to the vault proxy, presenting the work
 * order's task token. Transient failures (rate limits other than a budget, 5xx, timeouts, connection errors,
 * e.g. while the proxy restarts) are retried with exponential backoff and jitter for up to a retry window
 * (a minute by default); a budget refusal or an auth error never is. An expired token is reported as
 * {@link ErrorCode#TOKEN_EXPIRED}, which the coordinator answers with a new attempt and a fresh token.
 * Thread-safe. Blocking: call from a virtual thread.
 */
public final class ModelClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final Duration timeout;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final int maxRetries;
    private final Duration baseBackoff;
    private final Duration retryWindow;

    public ModelClient(String proxyUrl, Duration timeout) {
        this(proxyUrl, timeout, 30, Duration.ofMillis(500), Duration.ofMinutes(1));
    }

    public ModelClient(String proxyUrl, Duration timeout, int maxRetries, Duration baseBackoff) {
        this(proxyUrl, timeout, maxRetries, baseBackoff, Duration.ofMinutes(1));
    }

    /**
     * @param maxRetries  retries of one call at most
     * @param baseBackoff the first retry's backoff; each next one doubles, up to 5 s
     * @param retryWindow no retry starts later than this after the first try
     */
    public ModelClient(String proxyUrl, Duration timeout, int maxRetries, Duration baseBackoff, Duration retryWindow) {
        this.endpoint = URI.create(proxyUrl.replaceAll("/+$", "") + "/v1/chat/completions");
        this.timeout = timeout;
        this.maxRetries = maxRetries;
        this.baseBackoff = baseBackoff;
        this.retryWindow = retryWindow;
    }

    /** Sends one chat completion request for {@code order}, retrying transient failures; the first choice's message. */
    public JsonNode complete(WorkOrder order, ObjectNode request) {
        return call(order, request).message();
    }

    /** Like {@link #complete} but with the call's token usage. */
    public ModelReply call(WorkOrder order, ObjectNode request) {
        long giveUpAt = System.nanoTime() + retryWindow.toNanos();
        for (int attempt = 0; ; attempt++) {
            try {
                return once(order, request);
            } catch (ModelException e) {
                if (!isTransient(e) || attempt >= maxRetries || System.nanoTime() > giveUpAt) {
                    throw e;
                }
                long cap = Math.min(MAX_BACKOFF_MS, baseBackoff.toMillis() << Math.min(attempt, 10));
                sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
            }
        }
    }

    static boolean isTransient(ModelException e) {
        return switch (e.code()) {
            case BUDGET_EXCEEDED, UNAUTHORIZED, FORBIDDEN, TOKEN_EXPIRED -> false;
            case UPSTREAM_TIMEOUT -> true;
            default -> e.status() == 0 || e.status() == 429 || e.status() == 408 || e.status() >= 500;
        };
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new ModelException(ErrorCode.MODEL_ERROR, 0, "interrupted");
        }
    }

    private ModelReply once(WorkOrder order, ObjectNode request) {
        HttpRequest httpRequest = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("content-type", "application/json")
                .header("authorization", "Bearer " + order.token())
                .header("x-baton-role", order.role().id())
                .header("x-baton-ticket", order.ticketId())
                .header("x-baton-task", order.taskId())
                .POST(HttpRequest.BodyPublishers.ofString(request.toString()))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(httpRequest, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new ModelException(ErrorCode.UPSTREAM_TIMEOUT, 0, "model call timed out after " + timeout);
        } catch (IOException e) {
            throw new ModelException(ErrorCode.MODEL_ERROR, 0, "cannot reach the vault proxy: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException(ErrorCode.MODEL_ERROR, 0, "interrupted");
        }
        return parse(response);
    }

    private static ModelReply parse(HttpResponse<String> response) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new ModelException(ErrorCode.MODEL_ERROR, response.statusCode(),
                    "the proxy answered " + response.statusCode() + " with a body that is not JSON");
        }
        if (response.statusCode() != 200) {
            JsonNode error = body.path("error");
            String code = error.path("code").asText("");
            ErrorCode errorCode = "BUDGET_EXCEEDED".equals(code) ? ErrorCode.BUDGET_EXCEEDED
                    : response.statusCode() == 401 && "token_expired".equals(code) ? ErrorCode.TOKEN_EXPIRED
                    : response.statusCode() == 401 ? ErrorCode.UNAUTHORIZED
                    : response.statusCode() == 403 ? ErrorCode.FORBIDDEN
                    : ErrorCode.MODEL_ERROR;
            String detail = error.has("message") ? error.path("message").asText() : error.toString();
            throw new ModelException(errorCode, response.statusCode(),
                    "model call failed with " + response.statusCode() + ": " + detail);
        }
        JsonNode message = body.path("choices").path(0).path("message");
        if (!message.isObject()) {
            throw new ModelException(ErrorCode.MODEL_ERROR, 200, "the model answer has no choices[0].message");
        }
        return ModelReply.of(message, body.path("usage"));
    }
}
