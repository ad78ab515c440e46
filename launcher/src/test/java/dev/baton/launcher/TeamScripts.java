package dev.baton.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.testkit.ScriptedModelServer;
import dev.baton.testkit.ScriptedReply;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scripts for the three roles, driven by a marker in the ticket title: {@code [approve]}, {@code [changes-once]}
 * (the Reviewer asks for changes on the first review, then approves) or {@code [never]} (always asks).
 */
final class TeamScripts {
    static final String CRITERION = "greeting.txt says hello";
    private final Map<String, AtomicInteger> reviews = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> edits = new ConcurrentHashMap<>();

    void install(ScriptedModelServer model) {
        model.script("pm", request -> ScriptedReply.toolCall("submit_plan", plan()));
        model.script("engineer", request -> hasToolResult(request)
                ? ScriptedReply.toolCall("finish", "{\"summary\":\"wrote greeting.txt\"}")
                : ScriptedReply.toolCall("write_file", Json.MAPPER.createObjectNode().put("path", "greeting.txt")
                        .put("content", "hello, edit " + edits.computeIfAbsent(ticket(request), k -> new AtomicInteger())
                                .incrementAndGet() + "\n").toString()));
        model.script("reviewer", request -> {
            String prompt = user(request);
            int n = reviews.computeIfAbsent(ticket(request), k -> new AtomicInteger()).incrementAndGet();
            boolean approve = prompt.contains("[approve]") || (prompt.contains("[changes-once]") && n > 1);
            return ScriptedReply.toolCall("submit_review", verdict(approve));
        });
    }

    private static String plan() {
        var plan = Json.MAPPER.createObjectNode().put("summary", "one task");
        var task = plan.putArray("tasks").addObject().put("id", "task-1").put("title", "Write a greeting");
        task.putArray("files").add("greeting.txt");
        task.putArray("acceptanceCriteria").add(CRITERION);
        return plan.toString();
    }

    private static String verdict(boolean approve) {
        var v = Json.MAPPER.createObjectNode().put("decision", approve ? "APPROVED" : "CHANGES_REQUESTED");
        v.putArray("criteria").addObject().put("criterion", CRITERION).put("met", approve)
                .put("reason", approve ? "it does" : "it should say hello, world").put("change", approve ? "" : "say hello, world");
        return v.toString();
    }

    static boolean hasToolResult(JsonNode request) {
        for (JsonNode m : request.path("messages")) {
            if ("tool".equals(m.path("role").asText())) {
                return true;
            }
        }
        return false;
    }

    static String user(JsonNode request) {
        for (JsonNode m : request.path("messages")) {
            if ("user".equals(m.path("role").asText())) {
                return m.path("content").asText();
            }
        }
        return "";
    }

    static String ticket(JsonNode request) {
        String first = user(request).lines().findFirst().orElse("");
        return first.startsWith("Ticket ") ? first.substring(7, first.indexOf(':')) : "?";
    }
}
