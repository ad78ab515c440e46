package dev.baton.launcher.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.testkit.ScriptedModelServer;
import dev.baton.testkit.ScriptedReply;

/**
 * The scripted team of the dashboard test: the PM plans one task, on {@code db/migrations/001_init.sql} when the
 * ticket's title holds {@code [migration]} (which the approval gate matches), else on {@code greeting.txt}; the
 * Engineer writes that file; the Reviewer approves.
 */
public final class DashboardScripts {
    public static final String MIGRATION = "db/migrations/001_init.sql";
    static final String CRITERION = "the file says hello";

    private DashboardScripts() {}

    public static void install(ScriptedModelServer model) {
        model.script("pm", request -> ScriptedReply.toolCall("submit_plan", plan(file(user(request)))));
        model.script("engineer", request -> hasToolResult(request)
                ? ScriptedReply.toolCall("finish", "{\"summary\":\"wrote the file\"}")
                : ScriptedReply.toolCall("write_file", Json.MAPPER.createObjectNode().put("path", file(user(request)))
                        .put("content", "-- hello\n").toString()));
        model.script("reviewer", request -> ScriptedReply.toolCall("submit_review", approve()));
    }

    private static String file(String prompt) {
        return prompt.contains("[migration]") || prompt.contains(MIGRATION) ? MIGRATION : "greeting.txt";
    }

    private static String plan(String file) {
        var plan = Json.MAPPER.createObjectNode().put("summary", "one task");
        var task = plan.putArray("tasks").addObject().put("id", "task-1").put("title", "Write " + file)
                .put("description", "Write hello to " + file + ".").put("testCommand", "grep -q hello " + file);
        task.putArray("files").add(file);
        task.putArray("acceptanceCriteria").add(CRITERION);
        return plan.toString();
    }

    private static String approve() {
        var verdict = Json.MAPPER.createObjectNode().put("decision", "APPROVED").put("summary", "fine");
        verdict.putArray("criteria").addObject().put("criterion", CRITERION).put("met", true).put("reason", "it does");
        return verdict.toString();
    }

    private static boolean hasToolResult(JsonNode request) {
        for (JsonNode m : request.path("messages")) {
            if ("tool".equals(m.path("role").asText())) {
                return true;
            }
        }
        return false;
    }

    private static String user(JsonNode request) {
        StringBuilder all = new StringBuilder();
        for (JsonNode m : request.path("messages")) {
            if ("user".equals(m.path("role").asText())) {
                all.append(m.path("content").asText()).append('\n');
            }
        }
        return all.toString();
    }
}
