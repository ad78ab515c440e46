package dev.baton.agent.work;

import dev.baton.protocol.Payload;
import dev.baton.protocol.WorkOrder;
import dev.baton.protocol.WorkResult;
import dev.baton.telemetry.metrics.MetricsRegistry;
import java.util.function.Consumer;

/** One role's work: turn a work order into a result. Throwing {@link dev.baton.agent.tools.AgentFailure} fails it. */
@FunctionalInterface
public interface Agent {
    /**
     * @param events where to record what happened (tool calls); sent to {@code baton.events}
     */
    WorkResult work(WorkOrder order, Consumer<Payload> events) throws Exception;

    /** Adds the agent's own figures to the service's metrics, once, before any work; none by default. */
    default void register(MetricsRegistry metrics) {
    }
}
