package dev.baton.proxy.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Json;
import dev.baton.proxy.ProxyConfig;
import dev.baton.proxy.ProxyException;
import dev.baton.proxy.Route;
import dev.baton.proxy.internal.Bodies;
import dev.baton.proxy.token.Authenticator;
import dev.baton.proxy.token.Caller;
import dev.baton.proxy.token.Scopes;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/chat/completions}: authenticates the agent, routes its request to the model and upstream
 * configured for its role, and relays the answer. Runs on the event loop; never blocks. Every failure is
 * answered with an OpenAI-shaped error; none escapes.
 */
public final class ChatHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ChatHandler.class);

    private final ProxyConfig config;
    private final Authenticator authenticator;
    private final UpstreamClient upstreams;

    public ChatHandler(ProxyConfig config, Authenticator authenticator, UpstreamClient upstreams) {
        this.config = config;
        this.authenticator = authenticator;
        this.upstreams = upstreams;
    }

    public void handle(HttpServerRequest request) {
        Bodies.read(request, config.maxRequestBytes())
                .compose(body -> authenticator.authenticate(request.headers()).compose(caller -> call(request, caller, body)))
                .onFailure(failure -> refuse(request, failure));
    }

    private Future<Outcome> call(HttpServerRequest request, Caller caller, Buffer raw) {
        if (!caller.allows(Scopes.MODEL)) {
            return Future.failedFuture(new ProxyException(403, "scope_denied",
                    "the " + caller.role().id() + " token does not allow model calls"));
        }
        ObjectNode body = parse(raw);
        Route route = config.route(caller.role());
        return upstreams.post(route, "/chat/completions", body)
                .compose(answer -> ResponseRelay.relay(answer, request.response()));
    }

    private static ObjectNode parse(Buffer raw) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(raw.getBytes());
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            throw new ProxyException(400, "invalid_json", "the request body is not a JSON object");
        }
        if (!json.path("messages").isArray()) {
            throw new ProxyException(400, "invalid_request_error", "the request has no messages array");
        }
        return (ObjectNode) json;
    }

    private static void refuse(HttpServerRequest request, Throwable failure) {
        ProxyException error = Failures.toProxyException(failure);
        if (!(failure instanceof ProxyException)) {
            LOG.warn("model call failed: {}", failure.toString());
        }
        if (error.status() == 413) {
            request.response().putHeader("Connection", "close");
        }
        OpenAiError.send(request.response(), error.status(),
                OpenAiError.body(error.status(), error.code(), error.getMessage(), error::addDetails));
    }
}
