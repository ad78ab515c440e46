package dev.baton.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.testkit.ScriptedModelServer;
import dev.baton.testkit.ScriptedReply;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scripts for the three roles, driven by markers in the ticket title: {@code [approve]}, {@code [changes-once]}
 * (the Reviewer asks for changes on the first review, then approves), {@code [never]} (always asks),
 * {@code [bad-plan-once]} / {@code [bad-plan]} (the PM's plan is invalid once / always), {@code [pm-writes]} and
 * {@code [reviewer-runs]} (the role first asks for a tool it does not have), {@code [stuck]} (the Engineer repeats
 * the same failing action) and {@code [flaky]} (the Engineer's first call gets a 500, its second times out).
 */
final class TeamScripts {
    static final String CRITERION = "greeting.txt says hello";
    private final Map<String, AtomicInteger> reviews = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> edits = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    void install(ScriptedModelServer model) {
        model.script("pm", request -> {
            String prompt = user(request);
            int n = count("pm", request);
            if (prompt.contains("[pm-writes]") && n == 1) {
                return ScriptedReply.toolCall("write_file", "{\"path\":\"x.txt\",\"content\":\"x\"}");
            }
            boolean bad = prompt.contains("[bad-plan]") || (prompt.contains("[bad-plan-once]") && n == 1);
            return ScriptedReply.toolCall("submit_plan", bad ? "{\"tasks\":[{\"id\":\"task-1\",\"title\":\"T\"}]}" : plan());
        });
        model.script("engineer", request -> {
            String prompt = user(request);
            int n = count("engineer", request);
            if (prompt.contains("[slow]") && n == 1) {
                return ScriptedReply.toolCall("run_command", "{\"command\":\"sleep 120\",\"timeout_seconds\":300}");
            }
            if (prompt.contains("[stuck]")) {
                return ScriptedReply.toolCall("read_file", "{\"path\":\"missing.txt\"}");
            }
            if (prompt.contains("[flaky]") && n <= 2) {
                return n == 1 ? ScriptedReply.error(500, "server_error", "upstream fell over")
                        : ScriptedReply.toolCall("finish", "{}").withDelay(java.time.Duration.ofSeconds(6));
            }
            return hasToolResult(request)
                    ? ScriptedReply.toolCall("finish", "{\"summary\":\"wrote greeting.txt\"}")
                    : ScriptedReply.toolCall("write_file", Json.MAPPER.createObjectNode().put("path", "greeting.txt")
                            .put("content", "hello, edit " + edits.computeIfAbsent(ticket(request),
                                    k -> new AtomicInteger()).incrementAndGet() + "\n").toString());
        });
        model.script("reviewer", request -> {
            String prompt = user(request);
            if (prompt.contains("[reviewer-runs]") && !hasToolResult(request)) {
                return ScriptedReply.toolCall("run_command", "{\"command\":\"touch /tmp/reviewer-ran\"}");
            }
            int n = reviews.computeIfAbsent(ticket(request), k -> new AtomicInteger()).incrementAndGet();
            boolean approve = prompt.contains("[approve]") || prompt.contains("[flaky]") || prompt.contains("[slow]") || prompt.contains("[bad-plan-once]")
                    || prompt.contains("[pm-writes]") || prompt.contains("[reviewer-runs]")
                    || (prompt.contains("[changes-once]") && n > 1);
            return ScriptedReply.toolCall("submit_review", verdict(approve));
        });
    }

    private int count(String role, JsonNode request) {
        return calls.computeIfAbsent(role + "/" + ticket(request), k -> new AtomicInteger()).incrementAndGet();
    }

    private static String plan() {
        var plan = Json.MAPPER.createObjectNode().put("summary", "one task");
        var task = plan.putArray("tasks").addObject().put("id", "task-1").put("title", "Write a greeting")
                .put("description", "Say hello in greeting.txt.").put("testCommand", "grep -q hello greeting.txt");
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
