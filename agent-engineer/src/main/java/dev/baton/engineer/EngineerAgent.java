package dev.baton.engineer;

import dev.baton.agent.AgentConfig;
import dev.baton.agent.git.GitWorkspace;
import dev.baton.agent.git.RepoAccess;
import dev.baton.agent.model.ModelClient;
import dev.baton.agent.tools.AgentFailure;
import dev.baton.agent.tools.Prompts;
import dev.baton.agent.tools.Tool;
import dev.baton.agent.tools.ToolLoop;
import dev.baton.agent.work.Agent;
import dev.baton.engineer.sandbox.Sandbox;
import dev.baton.engineer.sandbox.SandboxException;
import dev.baton.engineer.sandbox.SandboxOptions;
import dev.baton.engineer.sandbox.SandboxPool;
import dev.baton.engineer.sandbox.tools.EngineerTools;
import dev.baton.engineer.sandbox.tools.EvidenceLog;
import dev.baton.engineer.sandbox.tools.WorkspaceGit;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Payload;
import dev.baton.protocol.Task;
import dev.baton.protocol.WorkOrder;
import dev.baton.protocol.WorkResult;
import dev.baton.protocol.config.ConfigSource;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Consumer;

/**
 * Implements one task in its own sandbox: clones the ticket's branch (or the base) into the sandbox's
 * workspace, lets the model read, edit, patch, search and run commands and the task's tests there, then
 * commits (hooks off, nested repositories refused) and pushes to {@code baton/<ticket>} without force. The
 * model never runs git. The commands' results, as the sandbox recorded them, are the commit's evidence.
 */
public final class EngineerAgent implements Agent {
    private final AgentConfig config;
    private final ModelClient model;
    private final SandboxPool sandboxes;
    private final KillSwitch killSwitch;

    /** Starts a sandbox pool (and its reaper) from the {@code sandbox.*} configuration. */
    public EngineerAgent(AgentConfig config) {
        this(config, SandboxPool.start(SandboxOptions.load(ConfigSource.fromEnvironment())));
    }

    public EngineerAgent(AgentConfig config, SandboxPool sandboxes) {
        this.config = config;
        this.model = new ModelClient(config.proxyUrl(), config.modelTimeout());
        this.sandboxes = sandboxes;
        this.killSwitch = new KillSwitch(config.kafkaBootstrap());
    }

    @Override
    public WorkResult work(WorkOrder order, Consumer<Payload> events) throws Exception {
        Files.createDirectories(config.workDir());
        RepoAccess repo = RepoAccess.of(order, config.proxyUrl());
        boolean exists = GitWorkspace.hasBranch(repo, order.branch(), config.workDir());
        try (Sandbox sandbox = sandboxes.acquire(order.ticketId(), order.taskId())) {
            killSwitch.started(sandbox, order.ticketId());
            try {
                return work(order, events, sandbox, repo, exists);
            } finally {
                killSwitch.ended(sandbox);
            }
        } catch (SandboxException e) {
            throw new AgentFailure(ErrorCode.SANDBOX_ERROR, e.getMessage());
        }
    }

    private WorkResult work(WorkOrder order, Consumer<Payload> events, Sandbox sandbox, RepoAccess repo,
            boolean exists) {
        GitWorkspace ws = sandbox.whileFrozen(() -> {
            var clone = GitWorkspace.clone(repo, exists ? order.branch() : order.ticket().baseRef(),
                    sandbox.workspace());
            clone.git("checkout", "--quiet", "-B", order.branch());
            return clone;
        });
        String done = exists ? alreadyPushed(ws, order) : null;
        if (done != null) {
            // A crash after the push and before the result was stored: the stage's commit is on the branch already.
            return WorkResult.committed(order, done, List.of(), changedFiles(ws));
        }
        var evidence = new EvidenceLog(order, events);
        List<Tool> tools = EngineerTools.create(ws, sandbox, order.task(), evidence,
                sandboxes.options().defaultTimeout(), sandboxes.options().maxTimeout());
        var answer = new ToolLoop(model, config.caps(), events)
                .run(order, Prompts.load(EngineerAgent.class, "system-v2.md"), user(order), tools);
        String commit = WorkspaceGit.commitAll(sandbox, ws, message(order, answer.path("summary").asText("")));
        if (commit == null) {
            throw new AgentFailure(ErrorCode.AGENT_FAILED, "the engineer finished without changing any file");
        }
        sandbox.whileFrozen(() -> WorkspaceGit.git(ws, "push", "--quiet", "origin", "HEAD:refs/heads/" + order.branch()));
        return WorkResult.committed(order, commit, evidence.forResult(), changedFiles(ws));
    }

    /** The head commit if it is this very stage's (same ticket, task, round and attempt), else null. */
    private static String alreadyPushed(GitWorkspace ws, WorkOrder order) {
        String body = WorkspaceGit.git(ws, "log", "-1", "--format=%H%n%B");
        String sha = body.lines().findFirst().orElse("").trim();
        return body.contains(stageTrailer(order)) ? sha : null;
    }

    private static List<String> changedFiles(GitWorkspace ws) {
        return WorkspaceGit.git(ws, "diff", "--name-only", "HEAD~1", "HEAD").lines().filter(l -> !l.isBlank()).toList();
    }

    static String stageTrailer(WorkOrder order) {
        return "Baton-Stage: " + order.stageKey();
    }

    private static String message(WorkOrder order, String summary) {
        Task task = order.task();
        return task.title() + "\n\n" + (summary.isBlank() ? "" : summary + "\n\n") + "Baton-Ticket: "
                + order.ticketId() + "\nBaton-Task: " + task.id() + "\nBaton-Round: " + order.round() + "\n"
                + stageTrailer(order);
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
