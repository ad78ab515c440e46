package dev.baton.coordinator.api;

import dev.baton.blackboard.Blackboard;
import dev.baton.blackboard.budget.Budgets;
import dev.baton.coordinator.Operators;
import dev.baton.protocol.Json;
import dev.baton.telemetry.metrics.MetricsRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * The coordinator's routes: {@code /healthz} and {@code /metrics} open, the dashboard's static files open,
 * everything under {@code /api} behind the operator token. Only wiring: each route points at a handler.
 */
final class ApiRouter {
    static final int MAX_BODY_BYTES = 64 * 1024;

    private ApiRouter() {}

    static Router create(Vertx vertx, Blackboard blackboard, Publisher publisher, EventIndex index, ApiMetrics metrics,
            BooleanSupplier healthy, Operators operators) {
        var budgets = new Budgets(blackboard.redis(), Clock.systemUTC());
        var tickets = new TicketsApi(blackboard, budgets, publisher, metrics);
        var events = new EventsApi(blackboard, index, metrics);
        var budgetsApi = new BudgetsApi(budgets, new BudgetChanges(publisher, metrics));
        var control = new ControlApi(blackboard, publisher, metrics, index);
        var export = new ExportApi(blackboard, budgets, index);
        var transcripts = new TranscriptsApi(blackboard);

        Router router = Router.router(vertx);
        router.route().handler(metrics::track);
        router.get("/healthz").handler(ctx -> health(ctx, healthy));
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", MetricsRegistry.CONTENT_TYPE).end(metrics.render()));
        router.get("/").handler(ctx -> redirect(ctx, "/dashboard/"));
        router.get("/dashboard/*").handler(ctx -> {
            if (ctx.request().path().equals("/dashboard")) {
                redirect(ctx, "/dashboard/"); // relative links in the page need the slash
            } else {
                ctx.next();
            }
        });
        router.route("/dashboard/*").method(HttpMethod.GET).method(HttpMethod.HEAD)
                .handler(StaticHandler.create("dashboard").setCachingEnabled(false).setDefaultContentEncoding("UTF-8"));

        router.route("/api/*").handler(new OperatorAuth(operators));
        // Only methods that carry a body get one parsed; a GET claiming a multipart body is not decoded.
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
        router.route("/api/*").handler(ctx -> {
            HttpMethod method = ctx.request().method();
            String type = ctx.request().getHeader("content-type");
            if ((method == HttpMethod.POST || method == HttpMethod.PUT) && type != null
                    && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
                // Only JSON is accepted; form and multipart bodies are never decoded.
                Respond.error(ctx, 415, "unsupported_media_type", "send the body as application/json, not " + type);
            } else if (method == HttpMethod.POST || method == HttpMethod.PUT) {
                bodies.handle(ctx);
            } else {
                ctx.next();
            }
        });
        router.post("/api/tickets").handler(tickets::submit);
        router.get("/api/tickets").handler(tickets::list);
        router.get("/api/tickets/:id").handler(tickets::show);
        router.get("/api/tickets/:id/events").handler(events::timeline);
        router.get("/api/tickets/:id/export").handler(export::export);
        router.get("/api/tickets/:id/transcripts/:role/:task/:round/:attempt").handler(transcripts::show);
        router.post("/api/tickets/:id/approve").handler(control::approve);
        router.post("/api/tickets/:id/reject").handler(control::reject);
        router.post("/api/tickets/:id/cancel").handler(control::cancel);
        router.get("/api/events/stream").handler(events::stream);
        router.get("/api/budgets").handler(budgetsApi::list);
        router.get("/api/budgets/:role").handler(budgetsApi::show);
        router.put("/api/budgets/:role").handler(budgetsApi::update);
        router.get("/api/fleet").handler(control::fleet);
        router.get("/api/operator").handler(ctx -> Respond.json(ctx, 200,
                Json.MAPPER.createObjectNode().put("operator", OperatorAuth.operator(ctx)).toString()));
        router.post("/api/fleet/halt").handler(control::halt);
        router.post("/api/fleet/resume").handler(control::resume);

        router.route().failureHandler(Respond::failure);
        // the router's own 400: a path it cannot decode (invalid percent-encoding or UTF-8)
        router.errorHandler(400, ctx -> Respond.status(ctx, 400));
        router.errorHandler(404, ctx -> Respond.status(ctx, 404));
        router.errorHandler(405, ctx -> Respond.status(ctx, 405));
        return router;
    }

    private static void health(RoutingContext ctx, BooleanSupplier healthy) {
        boolean up = healthy.getAsBoolean();
        Respond.json(ctx, up ? 200 : 503, "{\"status\":\"" + (up ? "up" : "down") + "\"}");
    }

    private static void redirect(RoutingContext ctx, String to) {
        ctx.response().setStatusCode(302).putHeader("Location", to).end();
    }
}
