package dev.baton.proxy.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.proxy.Route;
import dev.baton.proxy.Upstream;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.Map;
import java.util.Optional;

/**
 * Sends requests to the upstreams of a {@link Route}, adding each upstream's API key, and fails over to the
 * next target while the answer is a connection failure, a timeout, HTTP 429 or 5xx. Nothing reaches the
 * agent until a target's answer is final, so failover is invisible to it. Non-blocking and thread-safe.
 */
public final class UpstreamClient {
    private final HttpClient http;
    private final Map<String, Upstream> upstreams;
    private final Map<String, String> keys;

    /** @param keys API key per upstream name; upstreams without auth are absent */
    public UpstreamClient(HttpClient http, Map<String, Upstream> upstreams, Map<String, String> keys) {
        this.http = http;
        this.upstreams = Map.copyOf(upstreams);
        this.keys = Map.copyOf(keys);
    }

    /** A final answer from one target; the response is paused until the caller reads it. */
    public record Answer(Route.Target target, Upstream upstream, HttpClientResponse response) {}

    /**
     * Posts {@code body} (its {@code model} set to each target's) to {@code path} on the route's targets in
     * order. Fails with the last target's exception when every target failed to answer at all.
     */
    public Future<Answer> post(Route route, String path, ObjectNode body) {
        return attempt(route, path, body, 0);
    }

    /** A GET of {@code path} on one upstream, e.g. {@code /models}. */
    public Future<HttpClientResponse> get(Upstream upstream, String path) {
        return http.request(options(upstream, HttpMethod.GET, path)).compose(request -> request.send());
    }

    private Future<Answer> attempt(Route route, String path, ObjectNode body, int index) {
        Route.Target target = route.targets().get(index);
        Upstream upstream = upstreams.get(target.upstream());
        boolean last = index == route.targets().size() - 1;
        body.put("model", target.model());
        Buffer payload = Buffer.buffer(body.toString());
        Future<HttpClientResponse> sent = http.request(options(upstream, HttpMethod.POST, path)
                        .putHeader("Content-Type", "application/json"))
                .compose(request -> request.send(payload))
                .map(response -> response.pause());
        return sent.transform(result -> {
            if (result.succeeded() && (last || !retriable(result.result().statusCode()))) {
                return Future.succeededFuture(new Answer(target, upstream, result.result()));
            }
            if (last) {
                return Future.failedFuture(result.cause());
            }
            if (result.succeeded()) {
                result.result().resume();
                result.result().end();
            }
            return attempt(route, path, body, index + 1);
        });
    }

    private RequestOptions options(Upstream upstream, HttpMethod method, String path) {
        long timeout = upstream.timeout().toMillis();
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(upstream.url(path))
                .setIdleTimeout(timeout).putHeader("Accept", "application/json, text/event-stream");
        options.setConnectTimeout(Math.min(timeout, 10_000));
        Optional.ofNullable(keys.get(upstream.name()))
                .ifPresent(key -> options.putHeader("Authorization", "Bearer " + key));
        return options;
    }

    private static boolean retriable(int status) {
        return status == 429 || status >= 500;
    }
}
