package dev.baton.agent.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Json;

/**
 * A tool offered to the model: its name, description, JSON schema of arguments, and the code that runs it.
 * A terminal tool ends the loop when its handler accepts the arguments (e.g. {@code submit_plan}).
 */
public record Tool(String name, String description, JsonNode parameters, Handler handler, boolean terminal) {

    @FunctionalInterface
    public interface Handler {
        /** Runs the tool. A {@link ToolException} is reported back to the model as the tool's result. */
        String call(JsonNode arguments) throws ToolException;
    }

    public static Tool of(String name, String description, String schemaJson, Handler handler) {
        return new Tool(name, description, parse(schemaJson), handler, false);
    }

    public static Tool terminal(String name, String description, String schemaJson, Handler handler) {
        return new Tool(name, description, parse(schemaJson), handler, true);
    }

    /** The OpenAI {@code tools[]} entry. */
    public ObjectNode spec() {
        ObjectNode spec = Json.MAPPER.createObjectNode().put("type", "function");
        spec.putObject("function").put("name", name).put("description", description).set("parameters", parameters);
        return spec;
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("invalid tool schema: " + e.getMessage(), e);
        }
    }
}
