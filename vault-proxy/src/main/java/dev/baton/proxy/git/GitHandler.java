package dev.baton.proxy.git;

import dev.baton.protocol.token.TaskScopes;
import dev.baton.proxy.ProxyException;
import dev.baton.proxy.audit.AuditLog;
import dev.baton.proxy.audit.Metrics;
import dev.baton.proxy.chat.OpenAiError;
import dev.baton.protocol.GitCall;
import dev.baton.proxy.internal.Bodies;
import dev.baton.proxy.token.AuthException;
import dev.baton.proxy.token.Authenticator;
import dev.baton.proxy.token.Caller;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The git relay: {@code /git/<remote>/info/refs}, {@code /git-upload-pack} and {@code /git-receive-pack}
 * over smart HTTP, with the remote's credential added by the proxy. The agent authenticates with its task
 * token as HTTP Basic password (or Bearer). Clone and fetch need {@code git:read}; a push needs
 * {@code git:push}, may update only the token's ticket branch, never deletes or rewinds it, and is refused
 * with the finding's location when a new commit adds a secret. Refusals git clients can get are a text line,
 * {@code baton: <code>: <reason>}, which git prints as {@code remote: baton: ...}; a method smart HTTP never uses
 * gets 405 with a JSON error. Runs on the event loop; git work runs on worker threads.
 */
public final class GitHandler {
    private static final Logger LOG = LoggerFactory.getLogger(GitHandler.class);

    private final Map<String, GitRemote> remotes;
    private final Map<String, String> authorizations;
    private final Authenticator authenticator;
    private final GitForwarder forwarder;
    private final PushInspector inspector;
    private final Metrics metrics;
    private final AuditLog audit;
    private final int maxPushBytes;

    /** @param authorizations the {@code Authorization} header value per remote name (absent: no auth) */
    public GitHandler(Map<String, GitRemote> remotes, Map<String, String> authorizations, Authenticator authenticator,
            GitForwarder forwarder, PushInspector inspector, Metrics metrics, AuditLog audit, int maxPushBytes) {
        this.remotes = Map.copyOf(remotes);
        this.authorizations = Map.copyOf(authorizations);
        this.authenticator = authenticator;
        this.forwarder = forwarder;
        this.inspector = inspector;
        this.metrics = metrics;
        this.audit = audit;
        this.maxPushBytes = maxPushBytes;
    }

    public void handle(HttpServerRequest request) {
        request.pause();
        String[] parts = request.path().split("/", 4);
        GitRemote remote = parts.length == 4 ? remotes.get(parts[2]) : null;
        String rest = parts.length == 4 ? parts[3] : "";
        String service = rest.equals("info/refs") ? request.getParam("service") : rest;
        if (remote == null || service == null
                || !(service.equals("git-upload-pack") || service.equals("git-receive-pack"))) {
            refuse(request, new ProxyException(404, "not_found", "no such repository or git service"));
            return;
        }
        // Smart HTTP needs only these; anything else is no git client, so it gets the proxy's JSON error.
        HttpMethod allowed = rest.equals("info/refs") ? HttpMethod.GET : HttpMethod.POST;
        if (request.method() != allowed) {
            metrics.rejected("method_not_allowed");
            request.response().putHeader("Allow", allowed.name());
            OpenAiError.send(request.response(), 405, "method_not_allowed", request.method().name()
                    + " is not allowed on " + request.path() + ", only " + allowed.name());
            Bodies.discard(request, maxPushBytes);
            return;
        }
        String type = "application/x-" + service + "-request";
        if (allowed == HttpMethod.POST && !type.equals(mediaType(request))) {
            refuse(request, new ProxyException(415, "unsupported_media_type", "a " + service + " request must be "
                    + "sent as " + type));
            return;
        }
        boolean push = service.equals("git-receive-pack");
        authenticator.authenticate(request.headers())
                .compose(caller -> caller.allows(push ? TaskScopes.GIT_PUSH : TaskScopes.GIT_READ)
                        ? Future.succeededFuture(caller)
                        : Future.failedFuture(new AuthException(403, "scope_denied", "the " + caller.role().id()
                                + " token does not allow git " + (push ? "push" : "read"))))
                .onSuccess(caller -> {
                    String auth = authorizations.get(remote.name());
                    if (push && rest.equals("git-receive-pack")) {
                        receivePack(request, caller, remote, auth);
                    } else {
                        if (rest.equals("git-upload-pack")) {
                            record(caller, remote, "fetch", "relayed", "");
                        }
                        forwarder.forward(request, remote.url("/" + rest), auth, maxPushBytes);
                    }
                })
                .onFailure(failure -> refuse(request, failure));
    }

    private void receivePack(HttpServerRequest request, Caller caller, GitRemote remote, String auth) {
        Bodies.read(request, maxPushBytes).onFailure(failure -> refuse(request, failure)).onSuccess(body -> {
            PushCommands commands;
            try {
                commands = PushCommands.parse(body.getBytes());
            } catch (ProxyException e) {
                refuse(request, e);
                return;
            }
            var refusal = PushPolicy.refusal(caller, commands);
            if (refusal.isPresent()) {
                refusePush(request, caller, remote, commands, refusal.get());
                return;
            }
            Vertx.currentContext().<Optional<String>>executeBlocking(
                            () -> inspector.inspect(remote, auth, commands, body.getBytes()), false)
                    .onFailure(failure -> refusePush(request, caller, remote, commands, failure.getMessage()))
                    .onSuccess(found -> found.ifPresentOrElse(reason -> refusePush(request, caller, remote, commands, reason),
                            () -> {
                                try (var log = caller.log()) {
                                    LOG.info("git push ticket={} task={} refs={} relayed to {}", caller.ticketId(),
                                            caller.taskId(), commands.updates().size(), remote.name());
                                }
                                record(caller, remote, "push", "relayed", commands.updates().size() + " ref(s)");
                                forwarder.forwardBody(request, remote.url("/git-receive-pack"), auth, body);
                            }));
        });
        request.resume();
    }

    private static String mediaType(HttpServerRequest request) {
        String type = request.getHeader("Content-Type");
        return type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    }

    private void record(Caller caller, GitRemote remote, String operation, String outcome, String detail) {
        audit.publish(new GitCall(caller.ticketId(), caller.taskId(), caller.role(), remote.name(), operation, outcome,
                detail));
    }

    private void refusePush(HttpServerRequest request, Caller caller, GitRemote remote, PushCommands commands,
            String reason) {
        metrics.rejected("push_refused");
        record(caller, remote, "push", "refused", reason);
        try (var log = caller.log()) {
            LOG.warn("git push refused ticket={} task={}: {}", caller.ticketId(), caller.taskId(), reason);
        }
        ReceivePackReport.refuse(request.response(), commands, reason);
    }

    private void refuse(HttpServerRequest request, Throwable failure) {
        ProxyException error = failure instanceof ProxyException known ? known
                : new ProxyException(502, "git_error", "the git relay failed: " + failure.getClass().getSimpleName());
        metrics.rejected(error.code());
        var response = request.response();
        if (response.headWritten()) {
            response.reset();
            return;
        }
        if (error.status() == 401) {
            response.putHeader("WWW-Authenticate", "Basic realm=\"baton\"");
        }
        response.setStatusCode(error.status()).putHeader("Content-Type", "text/plain")
                .end("baton: " + error.code() + ": " + error.getMessage() + "\n");
        Bodies.discard(request, maxPushBytes);
    }
}
