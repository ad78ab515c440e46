package dev.baton.proxy.chat;

import dev.baton.protocol.ModelCall;
import dev.baton.proxy.Price;
import dev.baton.proxy.ProxyException;
import dev.baton.proxy.Route;
import dev.baton.proxy.audit.AuditLog;
import dev.baton.proxy.audit.Metrics;
import dev.baton.proxy.budget.BudgetGuard;
import dev.baton.proxy.budget.Reservation;
import dev.baton.proxy.secrets.Redactor;
import dev.baton.proxy.token.Caller;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import java.math.BigDecimal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authorised model call: redact, reserve the worst case, forward, relay, settle the actual cost, record.
 * Every path that reserved also settles, and every call that reached the upstream step is audited. Runs on
 * the event loop; never blocks.
 */
final class ModelCallFlow {
    private static final Logger LOG = LoggerFactory.getLogger(ModelCallFlow.class);

    private final ChatHandler.Deps deps;

    ModelCallFlow(ChatHandler.Deps deps) {
        this.deps = deps;
    }

    /** Fails only before anything was sent to the agent (budget refused, Redis down). */
    Future<Void> run(Caller caller, Route route, ChatRequest request, HttpServerResponse response) {
        Redactor redactor = deps.redactor();
        redactor.redactInPlace(request.body());
        request.requestStreamUsage();
        long promptBound = request.bytes().length;
        return deps.budget().reserve(caller, route.price(), promptBound, request.requestedOutput())
                .compose(reservation -> {
                    request.grant(reservation.outputTokens(), deps.maxTokensField());
                    long started = System.nanoTime();
                    return deps.upstreams().post(route, "/chat/completions", request.body())
                            .compose(answer -> ResponseRelay.relay(answer, response, redactor))
                            .recover(failure -> Future.succeededFuture(answerFailure(caller, failure, response)))
                            .compose(outcome -> finish(caller, route.price(), reservation, request, outcome, started));
                });
    }

    private static Outcome answerFailure(Caller caller, Throwable failure, HttpServerResponse response) {
        ProxyException error = Failures.toProxyException(failure);
        try (var log = caller.log()) {
            LOG.warn("model call failed before an answer: {} ({})", error.getMessage(), failure.toString());
        }
        OpenAiError.send(response, error.status(), error.code(), error.getMessage());
        return Outcome.failed(error.status(), error.code(), error.getMessage());
    }

    private Future<Void> finish(Caller caller, Price price, Reservation reservation, ChatRequest request,
            Outcome outcome, long started) {
        long latencyNanos = System.nanoTime() - started;
        long actualMicros = actualMicros(price, reservation, outcome);
        BigDecimal cost = BudgetGuard.usd(actualMicros);
        deps.budget().settle(reservation, actualMicros).onFailure(e -> {
            try (var log = caller.log()) {
                LOG.error("budget not settled for ticket {} ({} micro-USD stay reserved): {}", caller.ticketId(),
                        reservation.reservedMicros(), e.toString());
            }
        });
        deps.metrics().call(caller.role().id(), outcome.status(), latencyNanos, cost, outcome.usage().promptTokens(),
                outcome.usage().completionTokens());
        AuditLog audit = deps.audit();
        String requestSha = audit.keep(request.bytes());
        String responseSha = audit.keep(outcome.body().getBytes());
        long latencyMs = latencyNanos / 1_000_000;
        ModelCall call = new ModelCall(caller.ticketId(), caller.taskId(), caller.role(), outcome.model(),
                outcome.upstream(), outcome.usage().promptTokens(), outcome.usage().completionTokens(), cost,
                outcome.status(), latencyMs, requestSha, responseSha);
        audit.publish(call);
        deps.replay().record(call);
        try (var log = caller.log()) {
            LOG.info("model call role={} ticket={} task={} model={} upstream={} status={} tokens={}/{} costUsd={} ms={}",
                    caller.role().id(), caller.ticketId(), caller.taskId(), outcome.model(), outcome.upstream(),
                    outcome.status(), outcome.usage().promptTokens(), outcome.usage().completionTokens(),
                    cost.toPlainString(), latencyMs);
        }
        return Future.succeededFuture();
    }

    /** The actual usage when reported; the whole reservation when tokens may have been spent unreported. */
    private static long actualMicros(Price price, Reservation reservation, Outcome outcome) {
        if (outcome.usage().isKnown()) {
            return price.cost(outcome.usage().promptTokens(), outcome.usage().completionTokens())
                    .movePointRight(6).longValueExact();
        }
        boolean mayHaveSpent = outcome.status() / 100 == 2 || ResponseRelay.STREAM_BROKEN.equals(outcome.error());
        return mayHaveSpent ? reservation.reservedMicros() : 0;
    }
}
