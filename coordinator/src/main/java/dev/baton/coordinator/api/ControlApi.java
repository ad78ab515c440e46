package dev.baton.coordinator.api;

import dev.baton.blackboard.Blackboard;
import dev.baton.protocol.ControlCommand;
import dev.baton.protocol.ControlCommand.Action;
import dev.baton.protocol.Json;
import dev.baton.protocol.TicketState;
import dev.baton.protocol.Topics;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Operator commands: approve, reject or cancel one ticket, halt or resume the fleet. Each is written as a
 * {@link ControlCommand} to {@code baton.control} (keyed by ticket id, or {@code fleet}) with the reason and, as
 * {@code who}, the name of the operator whose token the request carried; the coordinator's control handling makes
 * the state change. Answers 202 once Kafka has it.
 */
final class ControlApi {
    private static final Set<String> FIELDS = Set.of("reason");

    private final Blackboard blackboard;
    private final Publisher publisher;
    private final ApiMetrics metrics;
    private final EventIndex index;

    ControlApi(Blackboard blackboard, Publisher publisher, ApiMetrics metrics, EventIndex index) {
        this.blackboard = blackboard;
        this.publisher = publisher;
        this.metrics = metrics;
        this.index = index;
    }

    void approve(RoutingContext ctx) {
        ticketCommand(ctx, Action.APPROVE, false);
    }

    void reject(RoutingContext ctx) {
        ticketCommand(ctx, Action.REJECT, true);
    }

    void cancel(RoutingContext ctx) {
        ticketCommand(ctx, Action.CANCEL, false);
    }

    void halt(RoutingContext ctx) {
        fleetCommand(ctx, Action.HALT);
    }

    void resume(RoutingContext ctx) {
        fleetCommand(ctx, Action.RESUME);
    }

    /**
     * {@code GET /api/fleet}: whether the kill switch is on (as the coordinator stored it), and who last halted
     * or resumed, with the reason (from {@code baton.control}).
     */
    void fleet(RoutingContext ctx) {
        EventIndex.Fleet last = index.fleet();
        Respond.blocking(ctx, 200, () -> Json.MAPPER.createObjectNode().put("halted", blackboard.fleetHalted())
                .put("who", last.who()).put("reason", last.reason())
                .put("at", last.at() == null ? null : last.at().toString()));
    }

    private void ticketCommand(RoutingContext ctx, Action action, boolean reasonRequired) {
        String id = TicketsApi.ticketId(ctx);
        JsonBody body = JsonBody.parse(ctx, FIELDS, false);
        String reason = reasonRequired ? body.required("reason") : body.text("reason").orElse("");
        var command = JsonBody.checked(() -> new ControlCommand(id, action, reason, OperatorAuth.operator(ctx)));
        Respond.blocking(ctx, 202, () -> {
            TicketState state = TicketsApi.find(blackboard, id).value().state();
            refuseIfNotAllowed(id, action, state);
            return send(command);
        });
    }

    private void fleetCommand(RoutingContext ctx, Action action) {
        JsonBody body = JsonBody.parse(ctx, FIELDS, false);
        var command = JsonBody.checked(() -> new ControlCommand(ControlCommand.FLEET, action,
                body.text("reason").orElse(""), OperatorAuth.operator(ctx)));
        Respond.blocking(ctx, 202, () -> send(command));
    }

    static void refuseIfNotAllowed(String id, Action action, TicketState state) {
        boolean gate = action == Action.APPROVE || action == Action.REJECT;
        if (gate && state != TicketState.AWAITING_APPROVAL) {
            throw ApiException.conflict("not_awaiting_approval", "ticket " + id + " is " + state
                    + "; only a ticket in AWAITING_APPROVAL can be approved or rejected");
        }
        if (state.isTerminal()) {
            throw ApiException.conflict("ticket_finished", "ticket " + id + " is " + state + " and cannot change");
        }
    }

    private Object send(ControlCommand command) throws InterruptedException {
        String commandId = publisher.send(Topics.CONTROL, command);
        metrics.command(command.action().name(), command.who());
        return Json.MAPPER.createObjectNode().put("ticketId", command.ticketId()).put("action", command.action().name())
                .put("commandId", commandId).put("who", command.who()).put("reason", command.reason());
    }
}
