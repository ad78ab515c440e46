package dev.baton.pm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.agent.AgentConfig;
import dev.baton.agent.git.GitWorkspace;
import dev.baton.agent.git.RepoAccess;
import dev.baton.agent.model.ModelClient;
import dev.baton.agent.tools.FileTools;
import dev.baton.agent.tools.Prompts;
import dev.baton.agent.tools.Tool;
import dev.baton.agent.tools.ToolLoop;
import dev.baton.agent.work.Agent;
import dev.baton.agent.work.Workspaces;
import dev.baton.protocol.Payload;
import dev.baton.protocol.WorkOrder;
import dev.baton.protocol.WorkResult;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns a ticket into a plan validated against its JSON Schema ({@link PlanSchema}). Reads a snapshot of the
 * repository; has no tool that writes or runs.
 */
public final class PmAgent implements Agent {
    private final AgentConfig config;
    private final ModelClient model;
    private final PlanSchema schema = PlanSchema.load();

    public PmAgent(AgentConfig config) {
        this.config = config;
        this.model = new ModelClient(config.proxyUrl(), config.modelTimeout());
    }

    @Override
    public WorkResult work(WorkOrder order, Consumer<Payload> events) throws Exception {
        try (var dir = Workspaces.create(config.workDir(), order)) {
            GitWorkspace ws = GitWorkspace.clone(RepoAccess.of(order, config.proxyUrl()), order.ticket().baseRef(),
                    dir.path());
            List<Tool> tools = List.of(FileTools.listFiles(ws), FileTools.readFile(ws), submitPlan());
            JsonNode answer = new ToolLoop(model, config.caps(), events)
                    .run(order, Prompts.load(PmAgent.class, "system-v1.md"), user(order, ws), tools);
            return WorkResult.planned(order, schema.validate(answer));
        }
    }

    private Tool submitPlan() {
        return Tool.terminal("submit_plan", "Submit the plan. Call exactly once, at the end.", schema.text(), args -> {
            schema.validate(args);
            return "plan accepted";
        });
    }

    private static String user(WorkOrder order, GitWorkspace ws) {
        String ticketText = order.ticket().title() + "\n" + order.ticket().description();
        return Prompts.load(PmAgent.class, "user-v1.md")
                .replace("{ticketId}", order.ticketId())
                .replace("{title}", order.ticket().title())
                .replace("{description}", order.ticket().description())
                .replace("{snapshot}", Snapshot.of(ws, ticketText));
    }
}
