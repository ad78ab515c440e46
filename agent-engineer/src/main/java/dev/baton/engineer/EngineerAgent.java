package dev.baton.engineer;

import dev.baton.agent.AgentConfig;
import dev.baton.agent.git.GitWorkspace;
import dev.baton.agent.model.ModelClient;
import dev.baton.agent.tools.AgentFailure;
import dev.baton.agent.tools.FileTools;
import dev.baton.agent.tools.Prompts;
import dev.baton.agent.tools.Tool;
import dev.baton.agent.tools.ToolLoop;
import dev.baton.agent.work.Agent;
import dev.baton.agent.work.Workspaces;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Payload;
import dev.baton.protocol.Task;
import dev.baton.protocol.WorkOrder;
import dev.baton.protocol.WorkResult;
import java.util.List;
import java.util.function.Consumer;

/**
 * Implements one task: works in a fresh clone of the ticket's branch (or the base), applies the model's file
 * edits, commits and pushes to {@code baton/<ticket>} without force. The model never runs git.
 */
public final class EngineerAgent implements Agent {
    private final AgentConfig config;
    private final ModelClient model;

    public EngineerAgent(AgentConfig config) {
        this.config = config;
        this.model = new ModelClient(config.proxyUrl(), config.modelTimeout());
    }

    @Override
    public WorkResult work(WorkOrder order, Consumer<Payload> events) throws Exception {
        try (var dir = Workspaces.create(config.workDir(), order)) {
            String repo = order.ticket().repo();
            boolean exists = GitWorkspace.hasBranch(repo, order.branch(), config.workDir());
            GitWorkspace ws = GitWorkspace.clone(repo, exists ? order.branch() : order.ticket().baseRef(), dir.path());
            ws.git("checkout", "--quiet", "-B", order.branch());
            List<Tool> tools = List.of(FileTools.listFiles(ws), FileTools.readFile(ws), FileTools.writeFile(ws),
                    Tool.terminal("finish", "Call when the task is done.",
                            "{\"type\":\"object\",\"properties\":{\"summary\":{\"type\":\"string\"}}}", args -> "done"));
            var answer = new ToolLoop(model, config.maxSteps(), events)
                    .run(order, Prompts.load(EngineerAgent.class, "system-v1.md"), user(order), tools);
            String commit = ws.commitAll(message(order, answer.path("summary").asText("")));
            if (commit == null) {
                throw new AgentFailure(ErrorCode.AGENT_FAILED, "the engineer finished without changing any file");
            }
            ws.git("push", "--quiet", "origin", "HEAD:refs/heads/" + order.branch());
            return WorkResult.committed(order, commit, List.of());
        }
    }

    private static String message(WorkOrder order, String summary) {
        Task task = order.task();
        return task.title() + "\n\n" + (summary.isBlank() ? "" : summary + "\n\n") + "Baton-Ticket: "
                + order.ticketId() + "\nBaton-Task: " + task.id() + "\nBaton-Round: " + order.round();
    }

    private static String user(WorkOrder order) {
        Task task = order.task();
        return Prompts.load(EngineerAgent.class, "user-v1.md")
                .replace("{ticketId}", order.ticketId())
                .replace("{title}", order.ticket().title())
                .replace("{taskId}", task.id())
                .replace("{taskTitle}", task.title())
                .replace("{taskDescription}", task.description())
                .replace("{files}", String.join(", ", task.files()))
                .replace("{criteria}", "- " + String.join("\n- ", task.acceptanceCriteria()))
                .replace("{testCommand}", task.testCommand() == null ? "(none)" : task.testCommand())
                .replace("{round}", Integer.toString(order.round()))
                .replace("{feedback}", order.feedback().isEmpty() ? "(none)" : "- " + String.join("\n- ", order.feedback()));
    }
}
