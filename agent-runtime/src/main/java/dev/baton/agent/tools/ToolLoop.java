package dev.baton.agent.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.agent.model.ModelClient;
import dev.baton.agent.model.ModelException;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Json;
import dev.baton.protocol.Payload;
import dev.baton.protocol.ToolCall;
import dev.baton.protocol.WorkOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The tool-calling loop over the chat completions format: call the model with the role's tools, run the tools
 * it asks for, feed the results back, until a terminal tool accepts its arguments or the step cap is hit. A tool
 * the role does not have is refused with a tool error and runs nothing. Every call is recorded as a
 * {@link ToolCall} event. Not thread-safe: one loop per work order.
 */
public final class ToolLoop {
    private static final int MAX_TERMINAL_REJECTIONS = 1;

    private final ModelClient model;
    private final int maxSteps;
    private final Consumer<Payload> events;

    public ToolLoop(ModelClient model, int maxSteps, Consumer<Payload> events) {
        this.model = model;
        this.maxSteps = maxSteps;
        this.events = events;
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
        int rejections = 0;
        for (int step = 1; step <= maxSteps; step++) {
            JsonNode reply = callModel(order, request);
            messages.add(reply);
            JsonNode calls = reply.path("tool_calls");
            if (!calls.isArray() || calls.isEmpty()) {
                messages.addObject().put("role", "user")
                        .put("content", "Answer by calling one of the tools: " + byName.keySet());
                continue;
            }
            for (JsonNode call : calls) {
                Outcome outcome = invoke(order, byName, call);
                messages.addObject().put("role", "tool").put("tool_call_id", call.path("id").asText())
                        .put("content", outcome.content());
                if (outcome.accepted()) {
                    return outcome.arguments();
                }
                if (outcome.terminalRejected() && ++rejections > MAX_TERMINAL_REJECTIONS) {
                    throw new AgentFailure(ErrorCode.AGENT_FAILED, "the model's answer was rejected twice: "
                            + outcome.content());
                }
            }
        }
        throw new AgentFailure(ErrorCode.AGENT_FAILED, "no answer after " + maxSteps + " model calls (step cap)");
    }

    private JsonNode callModel(WorkOrder order, ObjectNode request) {
        try {
            return model.complete(order, request);
        } catch (ModelException e) {
            throw new AgentFailure(e.code(), e.getMessage());
        }
    }

    private Outcome invoke(WorkOrder order, Map<String, Tool> tools, JsonNode call) {
        String name = call.path("function").path("name").asText();
        String rawArgs = call.path("function").path("arguments").asText("{}");
        Tool tool = tools.get(name);
        long start = System.nanoTime();
        Outcome outcome;
        if (tool == null) {
            outcome = Outcome.error("tool '" + name + "' is not available to the " + order.role().id()
                    + "; available tools: " + tools.keySet(), false);
        } else {
            outcome = run(tool, rawArgs);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        events.accept(new ToolCall(order.ticketId(), order.taskId(), order.role(), name.isBlank() ? "?" : name,
                clip(rawArgs), null, millis, clip(outcome.content()), tool == null));
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
            return new Outcome(result, tool.terminal() ? args : null, false);
        } catch (ToolException e) {
            return Outcome.error("error: " + e.getMessage(), tool.terminal());
        }
    }

    private static String clip(String s) {
        return s.length() > 8000 ? s.substring(0, 8000) + "…[cut]" : s;
    }

    private record Outcome(String content, JsonNode arguments, boolean terminalRejected) {
        static Outcome error(String message, boolean terminal) {
            return new Outcome(message, null, terminal);
        }

        boolean accepted() {
            return arguments != null;
        }
    }
}
