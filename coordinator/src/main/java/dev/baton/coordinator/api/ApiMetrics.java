package dev.baton.coordinator.api;

import dev.baton.protocol.TicketState;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * The coordinator's Prometheus metrics on {@code /metrics} (text exposition format): HTTP requests by method,
 * route and status, open event streams, indexed events, operator commands, submitted tickets, tickets by
 * state and whether the consumer loop is healthy. Thread-safe and lock-free on the recording side.
 */
final class ApiMetrics {
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> commands = new ConcurrentHashMap<>();
    private final LongAdder indexed = new LongAdder();
    private final LongAdder undecodable = new LongAdder();
    private final LongAdder submitted = new LongAdder();
    private final AtomicInteger streams = new AtomicInteger();

    /** A router handler that counts the request when its response ends. */
    void track(RoutingContext ctx) {
        ctx.addEndHandler(v -> {
            String route = ctx.currentRoute() == null || ctx.currentRoute().getPath() == null
                    ? "unmatched" : ctx.currentRoute().getPath();
            String labels = "method=\"" + ctx.request().method() + "\",route=\"" + route + "\",status=\""
                    + ctx.response().getStatusCode() + "\"";
            requests.computeIfAbsent(labels, k -> new LongAdder()).increment();
        });
        ctx.next();
    }

    void command(String action) {
        commands.computeIfAbsent(action, k -> new LongAdder()).increment();
    }

    void submitted() {
        submitted.increment();
    }

    void indexed() {
        indexed.increment();
    }

    void undecodable() {
        undecodable.increment();
    }

    void streamOpened() {
        streams.incrementAndGet();
    }

    void streamClosed() {
        streams.decrementAndGet();
    }

    String render(BooleanSupplier healthy, EventIndex index) {
        var out = new StringBuilder();
        family(out, "baton_coordinator_http_requests_total", "counter", "HTTP requests by method, route and status.");
        new TreeMap<>(requests).forEach((labels, n) -> sample(out, "baton_coordinator_http_requests_total", labels, n.sum()));
        family(out, "baton_coordinator_commands_total", "counter", "Operator commands sent to baton.control, by action.");
        new TreeMap<>(commands).forEach((action, n) ->
                sample(out, "baton_coordinator_commands_total", "action=\"" + action + "\"", n.sum()));
        counter(out, "baton_coordinator_tickets_submitted_total", "Tickets submitted through the API.", submitted.sum());
        counter(out, "baton_coordinator_events_indexed_total", "Events read from baton.events and baton.control.",
                indexed.sum());
        counter(out, "baton_coordinator_events_undecodable_total", "Records on those topics that could not be decoded.",
                undecodable.sum());
        family(out, "baton_coordinator_event_streams", "gauge", "Open server-sent event streams.");
        sample(out, "baton_coordinator_event_streams", null, streams.get());
        family(out, "baton_coordinator_tickets", "gauge", "Tickets by state, from their latest handoff event.");
        Map<TicketState, Integer> counts = index.stateCounts();
        for (TicketState state : TicketState.values()) {
            sample(out, "baton_coordinator_tickets", "state=\"" + state + "\"", counts.getOrDefault(state, 0));
        }
        family(out, "baton_coordinator_up", "gauge", "1 while the ticket consumer loop is healthy.");
        sample(out, "baton_coordinator_up", null, healthy.getAsBoolean() ? 1 : 0);
        family(out, "baton_coordinator_fleet_halted", "gauge", "1 after a HALT until the next RESUME.");
        sample(out, "baton_coordinator_fleet_halted", null, index.fleet().halted() ? 1 : 0);
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        family(out, name, "counter", help);
        sample(out, name, null, value);
    }

    private static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, long value) {
        out.append(name);
        if (labels != null) {
            out.append('{').append(labels).append('}');
        }
        out.append(' ').append(value).append('\n');
    }
}
