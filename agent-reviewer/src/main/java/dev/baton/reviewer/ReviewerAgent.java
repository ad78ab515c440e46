package dev.baton.reviewer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.agent.AgentConfig;
import dev.baton.agent.git.GitWorkspace;
import dev.baton.agent.git.RepoAccess;
import dev.baton.agent.model.ModelClient;
import dev.baton.agent.tools.FileTools;
import dev.baton.agent.tools.Prompts;
import dev.baton.agent.tools.Tool;
import dev.baton.agent.tools.ToolException;
import dev.baton.agent.tools.ToolLoop;
import dev.baton.agent.work.Agent;
import dev.baton.agent.work.Workspaces;
import dev.baton.protocol.Json;
import dev.baton.protocol.Payload;
import dev.baton.protocol.Task;
import dev.baton.protocol.Verdict;
import dev.baton.protocol.WorkOrder;
import dev.baton.protocol.WorkResult;
import java.util.List;
import java.util.function.Consumer;

/** Judges a task's diff against each acceptance criterion. Reads only: it has no tool that writes or runs. */
public final class ReviewerAgent implements Agent {
    private static final int MAX_DIFF = 64 * 1024;

    private final AgentConfig config;
    private final ModelClient model;

    public ReviewerAgent(AgentConfig config) {
        this.config = config;
        this.model = new ModelClient(config.proxyUrl(), config.modelTimeout());
    }

    @Override
    public WorkResult work(WorkOrder order, Consumer<Payload> events) throws Exception {
        try (var dir = Workspaces.create(config.workDir(), order)) {
            GitWorkspace ws = GitWorkspace.clone(RepoAccess.of(order, config.proxyUrl()), order.branch(), dir.path());
            ws.git("checkout", "--quiet", "--detach", order.head());
            ws.git("fetch", "--quiet", "--", "origin", order.ticket().baseRef());
            String base = ws.git("merge-base", "FETCH_HEAD", "HEAD").trim();
            String diff = ws.git("diff", base, "HEAD");
            List<Tool> tools = List.of(FileTools.listFiles(ws), FileTools.readFile(ws), submitReview(order.task()));
            JsonNode answer = new ToolLoop(model, config.caps(), events).run(order,
                    Prompts.load(ReviewerAgent.class, "system-v1.md"), user(order, base, diff), tools);
            return WorkResult.reviewed(order, Json.MAPPER.treeToValue(answer, Verdict.class));
        }
    }

    private static Tool submitReview(Task task) {
        return Tool.terminal("submit_review", "Submit the verdict. Call exactly once, at the end.",
                Prompts.load(ReviewerAgent.class, "submit_review.schema.json"), args -> {
                    Verdict verdict;
                    try {
                        verdict = Json.MAPPER.treeToValue(args, Verdict.class);
                    } catch (Exception e) {
                        throw new ToolException("invalid verdict: "
                                + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
                    }
                    if (verdict.criteria().size() < task.acceptanceCriteria().size()) {
                        throw new ToolException("judge every acceptance criterion: expected "
                                + task.acceptanceCriteria().size() + ", got " + verdict.criteria().size());
                    }
                    return "verdict accepted";
                });
    }

    static String evidence(WorkOrder order) {
        if (order.evidence().isEmpty()) {
            return "(none: nothing was run in the sandbox for this commit)";
        }
        var out = new StringBuilder();
        for (var e : order.evidence()) {
            String output = e.output().length() > 4000 ? "…" + e.output().substring(e.output().length() - 4000) : e.output();
            out.append("$ ").append(e.command()).append("\n[exit ").append(e.exitCode()).append(", ")
                    .append(e.durationMs()).append(" ms]\n").append(output).append("\n\n");
        }
        return out.toString();
    }

    private static String user(WorkOrder order, String base, String diff) {
        Task task = order.task();
        return Prompts.load(ReviewerAgent.class, "user-v1.md")
                .replace("{ticketId}", order.ticketId())
                .replace("{title}", order.ticket().title())
                .replace("{taskId}", task.id())
                .replace("{taskTitle}", task.title())
                .replace("{taskDescription}", task.description())
                .replace("{criteria}", "- " + String.join("\n- ", task.acceptanceCriteria()))
                .replace("{evidence}", evidence(order))
                .replace("{base}", base)
                .replace("{head}", order.head())
                .replace("{diff}", diff.length() > MAX_DIFF ? diff.substring(0, MAX_DIFF) + "\n…[diff cut]" : diff);
    }
}
