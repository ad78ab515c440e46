package dev.baton.proxy.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Json;

/**
 * A recorded whole chat completion turned into the event stream a streaming client expects: one chunk per
 * choice carrying the whole message as its delta, a usage chunk, and {@code [DONE]}.
 */
final class SseAnswer {
    private SseAnswer() {}

    static String of(JsonNode completion) {
        StringBuilder out = new StringBuilder();
        for (JsonNode choice : completion.path("choices")) {
            ObjectNode chunk = header(completion);
            ObjectNode c = ((ArrayNode) chunk.putArray("choices")).addObject();
            c.put("index", choice.path("index").asInt(0));
            ObjectNode delta = choice.path("message").isObject() ? ((ObjectNode) choice.path("message")).deepCopy()
                    : Json.MAPPER.createObjectNode();
            ArrayNode calls = delta.withArray("tool_calls");
            for (int i = 0; i < calls.size(); i++) {
                ((ObjectNode) calls.get(i)).put("index", i);
            }
            if (calls.isEmpty()) {
                delta.remove("tool_calls");
            }
            c.set("delta", delta);
            c.set("finish_reason", choice.path("finish_reason"));
            event(out, chunk);
        }
        if (completion.path("usage").isObject()) {
            ObjectNode chunk = header(completion);
            chunk.putArray("choices");
            chunk.set("usage", completion.path("usage"));
            event(out, chunk);
        }
        return out.append("data: [DONE]\n\n").toString();
    }

    private static ObjectNode header(JsonNode completion) {
        return Json.MAPPER.createObjectNode().put("id", completion.path("id").asText("replay"))
                .put("object", "chat.completion.chunk").put("created", completion.path("created").asLong(0))
                .put("model", completion.path("model").asText(""));
    }

    private static void event(StringBuilder out, JsonNode chunk) {
        out.append("data: ").append(chunk).append("\n\n");
    }
}
