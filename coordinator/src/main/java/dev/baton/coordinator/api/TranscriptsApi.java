package dev.baton.coordinator.api;

import dev.baton.blackboard.Blackboard;
import dev.baton.blackboard.Keys;
import dev.baton.protocol.Check;
import dev.baton.protocol.Json;
import dev.baton.protocol.Role;
import dev.baton.protocol.StageKey;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/tickets/{id}/transcripts/{role}/{task}/{round}/{attempt}}: the model conversation of one agent
 * stage as the agent recorded it on the blackboard, while its TTL lasts. The path is the one a
 * {@link dev.baton.protocol.StageSummary} links to.
 */
final class TranscriptsApi {
    private final Blackboard blackboard;

    TranscriptsApi(Blackboard blackboard) {
        this.blackboard = blackboard;
    }

    void show(RoutingContext ctx) {
        StageKey stage = stage(ctx);
        Respond.blocking(ctx, 200, () -> {
            String messages = blackboard.transcript(stage).orElseThrow(() -> ApiException.notFound("no_transcript",
                    "no transcript of stage " + stage + " (never recorded, or expired)"));
            var answer = Json.MAPPER.createObjectNode().put("ticketId", stage.ticketId()).put("stage", stage.toString())
                    .put("key", Keys.transcript(stage));
            answer.set("messages", Json.MAPPER.readTree(messages));
            return answer;
        });
    }

    private static StageKey stage(RoutingContext ctx) {
        String id = TicketsApi.ticketId(ctx);
        try {
            return new StageKey(id, Role.of(ctx.pathParam("role")), Check.id(ctx.pathParam("task"), "task"),
                    positive(ctx.pathParam("round"), "round"), positive(ctx.pathParam("attempt"), "attempt"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_stage", e.getMessage());
        }
    }

    private static int positive(String value, String name) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number from 1, got '" + value + "'");
    }
}
