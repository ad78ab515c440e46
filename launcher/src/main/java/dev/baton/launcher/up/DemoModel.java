package dev.baton.launcher.up;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Json;
import dev.baton.testkit.ScriptedModelServer;
import dev.baton.testkit.ScriptedReply;

/**
 * The scripted model {@code baton up} and {@code baton demo} use when no real model is configured. Canned, but
 * it acts on what it is shown: for the demo's bug ({@link DemoRepo}) the PM plans the fix, the Engineer runs the
 * failing test in its sandbox, fixes {@code calc.py} and runs the test again, and the Reviewer approves only if
 * the sandbox-recorded evidence shows the test passing. For any other ticket the Engineer writes
 * {@code BATON_NOTES.md} naming the ticket. It does no real engineering.
 */
public final class DemoModel {
    static final String FIX_TITLE = "Fix add() in calc.py";
    static final String[] FIX_CRITERIA = {"add(a, b) returns a + b", "the test command passes in the sandbox"};
    static final String NOTES_CRITERION = "BATON_NOTES.md names the ticket";

    private DemoModel() {}

    public static void install(ScriptedModelServer server) {
        server.script("pm", request -> ScriptedReply.toolCall("submit_plan",
                userText(request).contains(DemoRepo.TEST_FILE) ? fixPlan() : notesPlan(userText(request))));
        server.script("engineer", request -> userText(request).contains(FIX_TITLE) ? fixStep(request)
                : toolResults(request) > 0 ? finish("recorded the ticket in BATON_NOTES.md")
                : ScriptedReply.toolCall("write_file", notes(userText(request))));
        server.script("reviewer", request -> ScriptedReply.toolCall("submit_review", review(userText(request))));
    }

    private static ScriptedReply fixStep(JsonNode request) {
        return switch (toolResults(request)) {
            case 0 -> ScriptedReply.toolCall("run_tests", "{}");
            case 1 -> ScriptedReply.toolCall("read_file", "{\"path\":\"calc.py\"}");
            case 2 -> ScriptedReply.toolCall("write_file", Json.MAPPER.createObjectNode().put("path", "calc.py")
                    .put("content", DemoRepo.FIXED_CALC).toString());
            case 3 -> ScriptedReply.toolCall("run_tests", "{}");
            default -> finish("add() subtracted; it now adds, and the test passes");
        };
    }

    private static String fixPlan() {
        var plan = Json.MAPPER.createObjectNode().put("summary", "add() subtracts; make it add and prove it with the test.");
        var task = plan.putArray("tasks").addObject().put("id", "task-1").put("title", FIX_TITLE)
                .put("description", "add(a, b) returns a - b; it must return a + b.")
                .put("testCommand", "python3 -m pytest -q -p no:cacheprovider");
        task.putArray("files").add("calc.py");
        var criteria = task.putArray("acceptanceCriteria");
        for (String c : FIX_CRITERIA) {
            criteria.add(c);
        }
        return plan.toString();
    }

    private static String notesPlan(String ticketPrompt) {
        var plan = Json.MAPPER.createObjectNode().put("summary", "Record the ticket in the repository.");
        var task = plan.putArray("tasks").addObject().put("id", "task-1")
                .put("title", "Record the ticket in BATON_NOTES.md").put("description", firstLine(ticketPrompt))
                .put("testCommand", "test -s BATON_NOTES.md");
        task.putArray("files").add("BATON_NOTES.md");
        task.putArray("acceptanceCriteria").add(NOTES_CRITERION);
        return plan.toString();
    }

    private static String review(String prompt) {
        ObjectNode verdict = Json.MAPPER.createObjectNode();
        var criteria = verdict.putArray("criteria");
        if (!prompt.contains(FIX_TITLE)) {
            criteria.addObject().put("criterion", NOTES_CRITERION).put("met", true).put("reason", "the diff adds it");
            return verdict.put("decision", "APPROVED").toString();
        }
        boolean adds = prompt.contains("+    return a + b");
        int evidence = prompt.indexOf("Evidence recorded by the sandbox");
        int lastRun = prompt.lastIndexOf("[exit ");
        boolean green = evidence >= 0 && lastRun > evidence && prompt.startsWith("[exit 0,", lastRun);
        criteria.addObject().put("criterion", FIX_CRITERIA[0]).put("met", adds)
                .put("reason", adds ? "the diff returns a + b" : "the diff does not return a + b")
                .put("change", adds ? "" : "return a + b");
        criteria.addObject().put("criterion", FIX_CRITERIA[1]).put("met", green)
                .put("reason", green ? "the last recorded run exited 0" : "no recorded run of the tests exited 0")
                .put("change", green ? "" : "run the tests until they pass");
        return verdict.put("decision", adds && green ? "APPROVED" : "CHANGES_REQUESTED").toString();
    }

    private static ScriptedReply finish(String summary) {
        return ScriptedReply.toolCall("finish", Json.MAPPER.createObjectNode().put("summary", summary).toString());
    }

    private static String notes(String taskPrompt) {
        return Json.MAPPER.createObjectNode().put("path", "BATON_NOTES.md")
                .put("content", "# Baton notes\n\n" + firstLine(taskPrompt) + "\n\n(written by the scripted demo model)\n")
                .toString();
    }

    private static int toolResults(JsonNode request) {
        int n = 0;
        for (JsonNode message : request.path("messages")) {
            n += "tool".equals(message.path("role").asText()) ? 1 : 0;
        }
        return n;
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
