package dev.baton.proxy.chat;

import dev.baton.protocol.BudgetEvent;
import dev.baton.protocol.token.TaskScopes;
import dev.baton.proxy.ProxyConfig;
import dev.baton.proxy.ProxyException;
import dev.baton.proxy.audit.AuditLog;
import dev.baton.proxy.audit.Metrics;
import dev.baton.proxy.budget.BudgetExceeded;
import dev.baton.proxy.budget.BudgetGuard;
import dev.baton.proxy.internal.Bodies;
import dev.baton.proxy.replay.ReplayUpstream;
import dev.baton.proxy.secrets.Redactor;
import dev.baton.proxy.token.Authenticator;
import dev.baton.proxy.token.AuthException;
import dev.baton.proxy.token.Caller;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/chat/completions} and {@code GET /v1/models}: authenticates the agent by its task token and
 * hands the call to the flow for its role. Runs on the event loop; never blocks. Every failure is answered
 * with an OpenAI-shaped error and counted by reason; none escapes.
 */
public final class ChatHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ChatHandler.class);

    /** What the handler needs; all thread-safe. */
    public record Deps(ProxyConfig config, Authenticator authenticator, UpstreamClient upstreams,
            BudgetGuard budget, Redactor redactor, AuditLog audit, Metrics metrics, String maxTokensField,
            ReplayUpstream replay) {}

    private final Deps deps;
    private final ModelCallFlow flow;

    public ChatHandler(Deps deps) {
        this.deps = deps;
        this.flow = new ModelCallFlow(deps);
    }

    public void completions(HttpServerRequest request) {
        AtomicReference<Caller> who = new AtomicReference<>();
        Bodies.read(request, deps.config().maxRequestBytes())
                .compose(body -> authorise(request).compose(caller -> {
                    who.set(caller);
                    ChatRequest chat = ChatRequest.parse(body);
                    // A replay ticket is answered from its original's recording and never reaches a provider.
                    return deps.replay().serve(caller, chat.body(), deps.redactor(), request.response())
                            .compose(replayed -> replayed ? Future.<Void>succeededFuture()
                                    : flow.run(caller, deps.config().route(caller.role()), chat, request.response()));
                }))
                .onFailure(failure -> refuse(request, who.get(), failure));
    }

    public void models(HttpServerRequest request) {
        authorise(request).onSuccess(caller -> request.response().putHeader("Content-Type", "application/json")
                        .end(ModelList.of(deps.config().route(caller.role())).toString()))
                .onFailure(failure -> refuse(request, null, failure));
    }

    private Future<Caller> authorise(HttpServerRequest request) {
        return deps.authenticator().authenticate(request.headers()).compose(caller -> caller.allows(TaskScopes.MODEL)
                ? Future.succeededFuture(caller)
                : Future.failedFuture(new AuthException(403, "scope_denied",
                        "the " + caller.role().id() + " token does not allow model calls")));
    }

    private void refuse(HttpServerRequest request, Caller caller, Throwable failure) {
        ProxyException error = Failures.toProxyException(failure);
        deps.metrics().rejected(error.code());
        if (failure instanceof BudgetExceeded budget && caller != null) {
            deps.audit().publish(new BudgetEvent(caller.ticketId(), caller.role(), budget.scope(), budget.limitUsd(),
                    budget.spentUsd(), "refused", "vault-proxy"));
        }
        try (var log = caller == null ? null : caller.log()) {
            if (failure instanceof ProxyException) {
                LOG.info("refused {} {}: {} {}", request.method(), request.path(), error.status(), error.code());
            } else {
                LOG.warn("request {} {} failed: {}", request.method(), request.path(), failure.toString());
            }
        }
        if (error.status() == 413) {
            request.response().putHeader("Connection", "close");
        }
        OpenAiError.send(request.response(), error.status(),
                OpenAiError.body(error.status(), error.code(), error.getMessage(), error::addDetails));
    }
}
