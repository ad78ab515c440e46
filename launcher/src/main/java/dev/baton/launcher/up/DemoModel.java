package dev.baton.launcher.up;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.testkit.ScriptedModelServer;
import dev.baton.testkit.ScriptedReply;

/**
 * The scripted model {@code baton up} uses when no real model is configured: the PM plans one task, the
 * Engineer writes {@code BATON_NOTES.md} recording the ticket, the Reviewer approves. Canned answers, so a
 * newcomer sees the whole flow without a provider; it does no real engineering.
 */
public final class DemoModel {
    private DemoModel() {}

    public static void install(ScriptedModelServer server) {
        server.script("pm", request -> ScriptedReply.toolCall("submit_plan", plan(userText(request))));
        server.script("engineer", request -> hasToolResult(request)
                ? ScriptedReply.toolCall("finish", "{\"summary\":\"recorded the ticket in BATON_NOTES.md\"}")
                : ScriptedReply.toolCall("write_file", notes(userText(request))));
        server.script("reviewer", request -> ScriptedReply.toolCall("submit_review", approve()));
    }

    private static String plan(String ticketPrompt) {
        var plan = Json.MAPPER.createObjectNode().put("summary", "Record the ticket in the repository.");
        var task = plan.putArray("tasks").addObject()
                .put("id", "task-1")
                .put("title", "Record the ticket in BATON_NOTES.md")
                .put("description", firstLine(ticketPrompt));
        task.putArray("files").add("BATON_NOTES.md");
        task.putArray("acceptanceCriteria").add("BATON_NOTES.md names the ticket");
        return plan.toString();
    }

    private static String notes(String taskPrompt) {
        return Json.MAPPER.createObjectNode().put("path", "BATON_NOTES.md")
                .put("content", "# Baton notes\n\n" + firstLine(taskPrompt) + "\n\n(written by the scripted demo model)\n")
                .toString();
    }

    private static String approve() {
        var verdict = Json.MAPPER.createObjectNode().put("decision", "APPROVED").put("summary", "looks right");
        verdict.putArray("criteria").addObject().put("criterion", "BATON_NOTES.md names the ticket").put("met", true)
                .put("reason", "the diff adds BATON_NOTES.md with the ticket's line");
        return verdict.toString();
    }

    private static boolean hasToolResult(JsonNode request) {
        for (JsonNode message : request.path("messages")) {
            if ("tool".equals(message.path("role").asText())) {
                return true;
            }
        }
        return false;
    }

    private static String userText(JsonNode request) {
        for (JsonNode message : request.path("messages")) {
            if ("user".equals(message.path("role").asText())) {
                return message.path("content").asText();
            }
        }
        return "";
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
