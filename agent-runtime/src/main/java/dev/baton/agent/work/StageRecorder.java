package dev.baton.agent.work;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.baton.blackboard.Blackboard;
import dev.baton.blackboard.Keys;
import dev.baton.protocol.Check;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Payload;
import dev.baton.protocol.StageSummary;
import dev.baton.protocol.ToolCall;
import dev.baton.protocol.WorkOrder;
import dev.baton.protocol.WorkResult;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link StageContext} of one work order: passes events on, records the transcript on the blackboard, and
 * counts what the stage did (model calls, tokens, tool calls by name) for its {@link StageSummary}. Thread-safe:
 * tools may emit events from other threads.
 */
final class StageRecorder implements StageContext {
    private static final Logger LOG = LoggerFactory.getLogger(StageRecorder.class);

    private final WorkOrder order;
    private final Blackboard blackboard;
    private final Consumer<Payload> events;
    private final long started = System.nanoTime();
    private final Map<String, Integer> toolCalls = new HashMap<>();
    private int steps;
    private long tokensIn;
    private long tokensOut;
    private String stopReason = "";

    StageRecorder(WorkOrder order, Blackboard blackboard, Consumer<Payload> events) {
        this.order = order;
        this.blackboard = blackboard;
        this.events = events;
    }

    @Override
    public void accept(Payload payload) {
        if (payload instanceof ToolCall call) {
            synchronized (this) {
                if (toolCalls.containsKey(call.tool()) || toolCalls.size() < Check.MAX_LIST) {
                    toolCalls.merge(call.tool(), 1, Integer::sum);
                }
            }
        }
        events.accept(payload);
    }

    @Override
    public void transcript(ArrayNode messages) {
        try {
            blackboard.putTranscript(order.stageKey(), messages.toString());
        } catch (RuntimeException e) {
            LOG.warn("cannot record the transcript of {}: {}", order.stageKey(), e.toString());
        }
    }

    @Override
    public synchronized void modelCall(long in, long out) {
        steps++;
        tokensIn += in;
        tokensOut += out;
    }

    @Override
    public synchronized void stopped(String reason) {
        stopReason = reason;
    }

    /** The summary of the stage that ended with {@code result}. */
    synchronized StageSummary summary(WorkResult result) {
        WorkResult.Failure failure = result.failure();
        String why = failure != null ? failure.reason() : stopReason.isEmpty() ? result.outcome().name().toLowerCase(java.util.Locale.ROOT)
                : stopReason;
        return new StageSummary(order.ticketId(), order.role(), order.taskId(), order.round(), order.attempt(), steps,
                toolCalls, tokensIn, tokensOut, null, (System.nanoTime() - started) / 1_000_000, result.outcome(),
                failure == null ? ErrorCode.NONE : failure.code(), why, Keys.transcript(order.stageKey()),
                StageSummary.transcriptPath(order.stageKey()));
    }
}
