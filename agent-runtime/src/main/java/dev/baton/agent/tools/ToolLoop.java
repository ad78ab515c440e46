package dev.baton.agent.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.agent.model.ModelClient;
import dev.baton.agent.model.ModelException;
import dev.baton.agent.model.ModelReply;
import dev.baton.agent.work.StageContext;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Json;
import dev.baton.protocol.Payload;
import dev.baton.protocol.ToolCall;
import dev.baton.protocol.WorkOrder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The tool-calling loop over the chat completions format: call the model with the role's tools, run every tool
 * it asks for (several per answer), feed the results back, until a terminal tool accepts its arguments. A tool
 * the role does not have is refused with a tool error and runs nothing. The task ends with a reason when a cap
 * (steps, wall time, tokens) is hit, when the model is stuck, or when its answer is rejected twice. Every call is
 * recorded as a {@link ToolCall} event, and the transcript on the blackboard. Not thread-safe: one per order.
 */
public final class ToolLoop {
    private static final int MAX_TERMINAL_REJECTIONS = 1;
    private static final int STUCK_LIMIT = 3;

    private final ModelClient model;
    private final Caps caps;
    private final Consumer<Payload> events;
    private final StageContext stage;

    /** @param events where tool calls go; a {@link StageContext} also gets the transcript and the stage's counts */
    public ToolLoop(ModelClient model, Caps caps, Consumer<Payload> events) {
        this.model = model;
        this.caps = caps;
        this.events = events;
        this.stage = events instanceof StageContext context ? context : new StageContext() {
            @Override
            public void accept(Payload payload) {
                events.accept(payload);
            }

            @Override
            public void transcript(ArrayNode messages) {
                // nowhere to record it: a plain event consumer
            }
        };
    }

    public ToolLoop(ModelClient model, int maxSteps, Consumer<Payload> events) {
        this(model, Caps.steps(maxSteps), events);
    }

    /** Runs the loop and returns the arguments the terminal tool accepted. */
    public JsonNode run(WorkOrder order, String system, String user, List<Tool> tools) {
        Map<String, Tool> byName = new LinkedHashMap<>();
        tools.forEach(t -> byName.put(t.name(), t));
        ObjectNode request = Json.MAPPER.createObjectNode().put("model", order.role().id());
        ArrayNode messages = request.putArray("messages");
        messages.addObject().put("role", "system").put("content", system);
        messages.addObject().put("role", "user").put("content", user);
        ArrayNode specs = request.putArray("tools");
        tools.forEach(t -> specs.add(t.spec()));
        var stuck = new StuckDetector(STUCK_LIMIT);
        Instant deadline = Instant.now().plus(caps.maxWall());
        long tokens = 0;
        int rejections = 0;
        try {
            for (int step = 1; step <= caps.maxSteps(); step++) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AgentFailure(ErrorCode.AGENT_FAILED, "wall-time cap of " + caps.maxWall() + " reached");
                }
                Context.trim(messages);
                ModelReply reply = callModel(order, request);
                stage.modelCall(reply.promptTokens(), reply.completionTokens());
                tokens += reply.totalTokens();
                if (tokens > caps.maxTokens()) {
                    throw new AgentFailure(ErrorCode.AGENT_FAILED, "token cap of " + caps.maxTokens() + " reached ("
                            + tokens + " tokens)");
                }
                messages.add(reply.message());
                JsonNode calls = reply.message().path("tool_calls");
                if (!calls.isArray() || calls.isEmpty()) {
                    stuck.result("answered without a tool call", true);
                    messages.addObject().put("role", "user")
                            .put("content", "Answer by calling one of the tools: " + byName.keySet());
                    continue;
                }
                for (JsonNode call : calls) {
                    Outcome outcome = invoke(order, byName, call, stuck);
                    messages.addObject().put("role", "tool").put("tool_call_id", call.path("id").asText())
                            .put("content", Context.clip(outcome.content(), Context.MAX_TOOL_OUTPUT));
                    if (outcome.accepted()) {
                        stage.stopped(call.path("function").path("name").asText() + " accepted at step " + step);
                        return outcome.arguments();
                    }
                    if (outcome.terminalRejected() && ++rejections > MAX_TERMINAL_REJECTIONS) {
                        throw new AgentFailure(ErrorCode.AGENT_FAILED,
                                "the model's answer was rejected twice: " + outcome.content());
                    }
                }
            }
            throw new AgentFailure(ErrorCode.AGENT_FAILED, "step cap of " + caps.maxSteps() + " model calls reached");
        } finally {
            stage.transcript(messages);
        }
    }

    private ModelReply callModel(WorkOrder order, ObjectNode request) {
        try {
            return model.call(order, request);
        } catch (ModelException e) {
            throw new AgentFailure(e.code(), e.getMessage());
        }
    }

    private Outcome invoke(WorkOrder order, Map<String, Tool> tools, JsonNode call, StuckDetector stuck) {
        String name = call.path("function").path("name").asText();
        String rawArgs = call.path("function").path("arguments").asText("{}");
        stuck.call(name, rawArgs);
        Tool tool = tools.get(name);
        long start = System.nanoTime();
        Outcome outcome = tool == null
                ? Outcome.error("tool '" + name + "' is not available to the " + order.role().id()
                        + "; available tools: " + tools.keySet(), false)
                : run(tool, rawArgs);
        long millis = (System.nanoTime() - start) / 1_000_000;
        events.accept(new ToolCall(order.ticketId(), order.taskId(), order.role(), name.isBlank() ? "?" : name,
                Context.clip(rawArgs, 8000), null, millis, Context.clip(outcome.content(), 8000), tool == null));
        stuck.result(outcome.content(), outcome.failed());
        return outcome;
    }

    private static Outcome run(Tool tool, String rawArgs) {
        JsonNode args;
        try {
            args = Json.MAPPER.readTree(rawArgs);
        } catch (java.io.IOException e) {
            return Outcome.error("arguments are not valid JSON: " + e.getMessage(), tool.terminal());
        }
        try {
            String result = tool.handler().call(args);
            return new Outcome(result, tool.terminal() ? args : null, false, false);
        } catch (ToolException e) {
            return Outcome.error("error: " + e.getMessage(), tool.terminal());
        }
    }

    private record Outcome(String content, JsonNode arguments, boolean terminalRejected, boolean failed) {
        static Outcome error(String message, boolean terminal) {
            return new Outcome(message, null, terminal, true);
        }

        boolean accepted() {
            return arguments != null;
        }
    }
}
