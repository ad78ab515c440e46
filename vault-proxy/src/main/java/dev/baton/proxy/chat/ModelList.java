package dev.baton.proxy.chat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Json;
import dev.baton.proxy.Route;

/** The {@code GET /v1/models} answer: the models the caller's role is routed to, in OpenAI's list shape. */
final class ModelList {
    private ModelList() {}

    static ObjectNode of(Route route) {
        ObjectNode list = Json.MAPPER.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        route.targets().stream().map(Route.Target::model).distinct().forEach(model -> data.addObject()
                .put("id", model).put("object", "model").put("created", 0).put("owned_by", "baton"));
        return list;
    }
}
