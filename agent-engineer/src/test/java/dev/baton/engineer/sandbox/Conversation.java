package dev.baton.engineer.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.testkit.ModelScript;
import dev.baton.testkit.ScriptedReply;
import java.util.List;
import java.util.Map;

/**
 * A scripted model that answers each conversation on its own: the reply is chosen by how many answers the
 * conversation already holds, so two agents talking to the same model at once each get the whole script. A
 * hook may run before a step's reply (to make something happen at that point of the work).
 */
final class Conversation implements ModelScript {
    private final List<ScriptedReply> replies;
    private final Map<Integer, Runnable> before;

    private Conversation(List<ScriptedReply> replies, Map<Integer, Runnable> before) {
        this.replies = replies;
        this.before = before;
    }

    static Conversation of(ScriptedReply... replies) {
        return new Conversation(List.of(replies), Map.of());
    }

    /** The same script, running {@code hook} before answering step {@code step} (from 0). */
    Conversation before(int step, Runnable hook) {
        return new Conversation(replies, Map.of(step, hook));
    }

    @Override
    public ScriptedReply reply(JsonNode request) {
        int step = 0;
        for (JsonNode message : request.path("messages")) {
            step += message.path("role").asText().equals("assistant") ? 1 : 0;
        }
        before.getOrDefault(step, () -> { }).run();
        return replies.get(Math.min(step, replies.size() - 1));
    }
}
