package dev.baton.coordinator.api;

import dev.baton.protocol.TicketState;
import dev.baton.telemetry.metrics.Counter;
import dev.baton.telemetry.metrics.Gauge;
import dev.baton.telemetry.metrics.MetricsRegistry;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP API's Prometheus metrics, added to the coordinator's registry: HTTP requests by method, route and
 * status, open event streams, indexed events, operator commands by action and operator, submitted tickets, tickets
 * by state, and whether the fleet is halted. Thread-safe and lock-free on the recording side.
 */
final class ApiMetrics {
    private final MetricsRegistry registry;
    private final Counter requests;
    private final Counter commands;
    private final Counter submitted;
    private final Counter indexed;
    private final Counter undecodable;
    private final Gauge streams;

    ApiMetrics(MetricsRegistry registry, EventIndex index) {
        this.registry = registry;
        requests = registry.counter("baton_coordinator_http_requests_total", "HTTP requests by method, route and status.",
                "method", "route", "status");
        commands = registry.counter("baton_coordinator_commands_total",
                "Operator commands sent to baton.control, by action and operator.", "action", "operator");
        submitted = registry.counter("baton_coordinator_tickets_submitted_total", "Tickets submitted through the API.");
        indexed = registry.counter("baton_coordinator_events_indexed_total",
                "Events read from baton.events and baton.control.");
        undecodable = registry.counter("baton_coordinator_events_undecodable_total",
                "Records on those topics that could not be decoded.");
        streams = registry.gauge("baton_coordinator_event_streams", "Open server-sent event streams.");
        registry.gauges("baton_coordinator_tickets", "Tickets by state, from their latest handoff event.", "state",
                () -> byState(index));
        registry.gauge("baton_coordinator_fleet_halted", "1 after a HALT until the next RESUME.",
                () -> index.fleet().halted() ? 1 : 0);
    }

    /** A router handler that counts the request when its response ends. */
    void track(RoutingContext ctx) {
        ctx.addEndHandler(v -> {
            String route = ctx.currentRoute() == null || ctx.currentRoute().getPath() == null
                    ? "unmatched" : ctx.currentRoute().getPath();
            requests.inc(ctx.request().method().name(), route, Integer.toString(ctx.response().getStatusCode()));
        });
        ctx.next();
    }

    void command(String action, String operator) {
        commands.inc(action, operator);
    }

    void submitted() {
        submitted.inc();
    }

    void indexed() {
        indexed.inc();
    }

    void undecodable() {
        undecodable.inc();
    }

    void streamOpened() {
        streams.add(1);
    }

    void streamClosed() {
        streams.add(-1);
    }

    String render() {
        return registry.render();
    }

    private static Map<String, Integer> byState(EventIndex index) {
        Map<TicketState, Integer> counts = index.stateCounts();
        Map<String, Integer> all = new LinkedHashMap<>();
        for (TicketState state : TicketState.values()) {
            all.put(state.name(), counts.getOrDefault(state, 0));
        }
        return all;
    }
}
