package dev.baton.coordinator.workflow;

import dev.baton.blackboard.TicketRecord;
import dev.baton.protocol.Role;
import dev.baton.protocol.StageKey;
import dev.baton.protocol.WorkOrder;
import dev.baton.protocol.WorkResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Builds the work order for a ticket's current stage, with its token. The token lives as long as the attempt
 * may wait in its queue plus the role's deadline (see {@link StagePolicy#tokenTtl}); the coordinator revokes it
 * as soon as the stage is answered or superseded.
 */
public final class Dispatcher {
    /** Mints the per-task token an agent presents to the vault proxy. */
    @FunctionalInterface
    public interface TokenMinter {
        String mint(StageKey stage, Duration ttl);
    }

    private final TokenMinter tokens;
    private final StagePolicy policy;
    private final Clock clock;

    public Dispatcher(TokenMinter tokens, StagePolicy policy, Clock clock) {
        this.tokens = tokens;
        this.policy = policy;
        this.clock = clock;
    }

    public StagePolicy policy() {
        return policy;
    }

    public WorkOrder order(TicketRecord ticket, Role role, List<String> feedback) {
        String taskId = role == Role.PM ? WorkOrder.PLAN_TASK : ticket.currentTask().id();
        var stage = new StageKey(ticket.id(), role, taskId, ticket.round(), ticket.attempt());
        Duration ttl = policy.tokenTtl(role, ticket.attempt());
        return new WorkOrder(ticket.id(), role, taskId, ticket.round(), ticket.attempt(),
                tokens.mint(stage, ttl), ticket.ticket(), role == Role.PM ? null : ticket.currentTask(),
                ticket.ticket().branch(), ticket.head(), feedback, clock.instant().plus(ttl),
                role == Role.REVIEWER ? evidenceOfHead(ticket) : List.of(),
                role == Role.ENGINEER ? ticket.previousDiff() : "");
    }

    private static List<WorkResult.Evidence> evidenceOfHead(TicketRecord ticket) {
        return ticket.commits().stream()
                .filter(c -> c.sha().equals(ticket.head()))
                .reduce((a, b) -> b)
                .map(TicketRecord.CommitRecord::evidence)
                .orElse(List.of());
    }
}
