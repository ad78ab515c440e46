package dev.baton.proxy.git;

import dev.baton.proxy.internal.Bodies;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.util.List;

/**
 * Relays one smart-HTTP exchange to a remote: the git protocol headers and body go up with the proxy's
 * credential instead of the agent's, and the answer streams back with back-pressure. Non-blocking and
 * thread-safe. A remote that cannot be reached is answered with 502.
 */
public final class GitForwarder {
    /** How long a remote may stay silent during one exchange before the relay gives up on it. */
    public static final java.time.Duration REMOTE_IDLE_TIMEOUT = java.time.Duration.ofMinutes(5);
    private static final List<String> REQUEST_HEADERS =
            List.of("Content-Type", "Content-Encoding", "Content-Length", "Accept", "Git-Protocol");
    private static final List<String> RESPONSE_HEADERS =
            List.of("Content-Type", "Content-Encoding", "Cache-Control", "Expires", "Pragma");

    private final HttpClient http;

    public GitForwarder(HttpClient http) {
        this.http = http;
    }

    /**
     * Streams the (paused) agent request to {@code url}; a GET's body, which smart HTTP never has, is discarded, and
     * a connection that sends more than {@code maxDiscard} bytes of it is closed.
     */
    void forward(HttpServerRequest request, String url, String authorization, int maxDiscard) {
        if (request.method() == io.vertx.core.http.HttpMethod.GET) {
            Bodies.discard(request, maxDiscard);
            send(request, url, authorization, HttpClientRequest::send);
        } else {
            // the pipe resumes the request once the upstream request exists
            send(request, url, authorization, upstream -> upstream.send(request));
        }
    }

    /** Sends an already read body to {@code url}. */
    void forwardBody(HttpServerRequest request, String url, String authorization, Buffer body) {
        send(request, url, authorization, upstream -> upstream.send(body));
    }

    private void send(HttpServerRequest request, String url, String authorization,
            java.util.function.Function<HttpClientRequest, Future<HttpClientResponse>> sender) {
        String query = request.query();
        RequestOptions options = new RequestOptions().setMethod(request.method())
                .setAbsoluteURI(query == null ? url : url + "?" + query).setIdleTimeout(REMOTE_IDLE_TIMEOUT.toMillis());
        boolean bodyless = request.method() == io.vertx.core.http.HttpMethod.GET;
        for (String name : REQUEST_HEADERS) {
            String value = request.getHeader(name);
            // a GET's body is dropped, so are the headers describing it
            if (value != null && !(bodyless && name.startsWith("Content-"))) {
                options.putHeader(name, value);
            }
        }
        if (authorization != null) {
            options.putHeader("Authorization", authorization);
        }
        HttpServerResponse response = request.response();
        http.request(options).compose(sender)
                .onSuccess(answer -> relay(answer, response))
                .onFailure(failure -> {
                    if (!response.headWritten()) {
                        response.setStatusCode(502).putHeader("Content-Type", "text/plain")
                                .end("baton: the git remote cannot be reached: " + failure.getClass().getSimpleName() + "\n");
                    } else {
                        response.reset();
                    }
                });
    }

    private static void relay(HttpClientResponse answer, HttpServerResponse response) {
        if (response.closed() || response.ended()) {
            // the agent's connection ended first (it went away, or its request could not be decoded)
            answer.request().reset();
            return;
        }
        response.setStatusCode(answer.statusCode());
        for (String name : RESPONSE_HEADERS) {
            String value = answer.getHeader(name);
            if (value != null) {
                response.putHeader(name, value);
            }
        }
        if (answer.getHeader("Content-Length") != null) {
            response.putHeader("Content-Length", answer.getHeader("Content-Length"));
        } else {
            response.setChunked(true);
        }
        answer.pipeTo(response);
    }
}
