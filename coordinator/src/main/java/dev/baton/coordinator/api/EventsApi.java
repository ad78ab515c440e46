package dev.baton.coordinator.api;

import dev.baton.blackboard.Blackboard;
import dev.baton.protocol.Check;
import dev.baton.protocol.Payload;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code GET /api/tickets/{id}/events} (a ticket's timeline from the {@link EventIndex}) and
 * {@code GET /api/events/stream} (server-sent events of every new event, optionally of one ticket).
 */
final class EventsApi {
    static final String ADDRESS = "baton.api.events";
    private static final long HEARTBEAT_MS = 15_000;

    private final Blackboard blackboard;
    private final EventIndex index;
    private final ApiMetrics metrics;

    EventsApi(Blackboard blackboard, EventIndex index, ApiMetrics metrics) {
        this.blackboard = blackboard;
        this.index = index;
        this.metrics = metrics;
    }

    /** Hands an indexed event to every open stream of this Vert.x instance. Callable from any thread. */
    static void publish(Vertx vertx, EventIndex.Entry entry) {
        vertx.eventBus().publish(ADDRESS, entry.json(), new DeliveryOptions().setLocalOnly(true)
                .addHeader("ticket", entry.ticketId()).addHeader("id", entry.id()).addHeader("type", entry.type()));
    }

    void timeline(RoutingContext ctx) {
        String id = TicketsApi.ticketId(ctx);
        Set<String> types = types(ctx.queryParams().get("type"));
        List<EventIndex.Entry> events = index.events(id).stream()
                .filter(e -> types == null || types.contains(e.type())).toList();
        String answer = "{\"ticketId\":\"" + id + "\",\"complete\":" + index.caughtUp() + ",\"truncated\":"
                + index.truncated(id) + ",\"events\":["
                + String.join(",", events.stream().map(EventIndex.Entry::json).toList()) + "]}";
        if (!index.events(id).isEmpty()) {
            Respond.json(ctx, 200, answer);
            return;
        }
        Respond.blocking(ctx, 200, () -> {
            TicketsApi.find(blackboard, id);
            return answer;
        });
    }

    void stream(RoutingContext ctx) {
        String ticket = ctx.queryParams().get("ticket");
        if (ticket != null) {
            ticket = JsonBody.checked(() -> Check.id(ctx.queryParams().get("ticket"), "ticket"));
        }
        String only = ticket;
        HttpServerResponse response = ctx.response().setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store").putHeader("X-Accel-Buffering", "no");
        response.write(": baton events\nretry: 2000\n\n");
        var consumer = ctx.vertx().eventBus().<String>localConsumer(ADDRESS, message -> {
            if (only == null || only.equals(message.headers().get("ticket"))) {
                send(ctx, message.headers().get("id"), message.headers().get("type"), message.body());
            }
        });
        long heartbeat = ctx.vertx().setPeriodic(HEARTBEAT_MS, t -> response.write(": ping\n\n"));
        metrics.streamOpened();
        var closed = new AtomicBoolean();
        response.closeHandler(v -> {
            if (closed.compareAndSet(false, true)) {
                consumer.unregister();
                ctx.vertx().cancelTimer(heartbeat);
                metrics.streamClosed();
            }
        });
        if (only != null && "true".equals(ctx.queryParams().get("replay"))) {
            index.events(only).forEach(e -> send(ctx, e.id(), e.type(), e.json()));
        }
    }

    /** Writes one event; a client too slow to keep up is disconnected (it reconnects and reloads). */
    private static void send(RoutingContext ctx, String id, String type, String json) {
        HttpServerResponse response = ctx.response();
        if (response.closed() || response.ended()) {
            return;
        }
        if (response.writeQueueFull()) {
            ctx.request().connection().close();
            return;
        }
        response.write("id: " + id + "\nevent: " + type + "\ndata: " + json.replace("\n", "\ndata: ") + "\n\n");
    }

    /** The event types a timeline can hold: what {@code baton.events} and {@code baton.control} carry. */
    static final Set<String> TYPES = java.util.stream.Stream.concat(
            java.util.Arrays.stream(Payload.EventMessage.class.getPermittedSubclasses()),
            java.util.Arrays.stream(Payload.ControlMessage.class.getPermittedSubclasses()))
            .map(Class::getSimpleName).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private static Set<String> types(String param) {
        if (param == null || param.isBlank()) {
            return null;
        }
        Set<String> wanted = new java.util.HashSet<>(List.of(param.split(",")));
        for (String type : wanted) {
            if (!TYPES.contains(type)) {
                throw ApiException.badRequest("invalid_type", "no event type '" + type + "'; use any of "
                        + new java.util.TreeSet<>(TYPES));
            }
        }
        return wanted;
    }
}
