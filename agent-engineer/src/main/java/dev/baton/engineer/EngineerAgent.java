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
import dev.baton.telemetry.metrics.MetricsRegistry;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Implements one task in its own sandbox: pins the ticket's branch (or the base) to a commit, checks it out
 * shallow into the sandbox's workspace with the git directory outside the sandbox, lets the model read, edit,
 * patch, search and run commands and the task's tests there, then commits (hooks off, nested repositories and
 * secrets refused) and pushes to {@code baton/<ticket>} without force. A stage is done once per ticket, task
 * and round: a commit of it already on the branch, or pushed first by a concurrent attempt, is the answer. The
 * model never runs git. The commands' results, as the sandbox recorded them, are the commit's evidence.
 */
public final class EngineerAgent implements Agent {
    private final AgentConfig config;
    private final ModelClient model;
    private final SandboxPool sandboxes;
    private final KillSwitch killSwitch;
    private volatile SandboxMetrics metrics;

    /** Starts a sandbox pool (and its reaper) from the {@code sandbox.*} configuration. */
    public EngineerAgent(AgentConfig config) {
        this(config, SandboxPool.start(SandboxOptions.load(ConfigSource.fromEnvironment())));
    }

    public EngineerAgent(AgentConfig config, SandboxPool sandboxes) {
        this.config = config;
        this.model = new ModelClient(config.proxyUrl(), config.modelTimeout());
        this.sandboxes = sandboxes;
        this.killSwitch = new KillSwitch(config.kafkaBootstrap());
        // counted in a registry of its own until the service registers the agent in the one it serves
        this.metrics = new SandboxMetrics(new MetricsRegistry(), sandboxes, killSwitch);
    }

    @Override
    public void register(MetricsRegistry registry) {
        metrics = new SandboxMetrics(registry, sandboxes, killSwitch);
    }

    @Override
    public WorkResult work(WorkOrder order, Consumer<Payload> events) throws Exception {
        Files.createDirectories(config.workDir());
        RepoAccess repo = RepoAccess.of(order, config.proxyUrl());
        TicketBranch.Pin pin = TicketBranch.resolve(repo, order, config.workDir());
        long acquiring = System.nanoTime();
        try (Sandbox sandbox = sandboxes.acquire(order.ticketId(), order.taskId())) {
            metrics.acquired(acquiring);
            killSwitch.started(sandbox, order.ticketId());
            try {
                return work(order, events, sandbox, repo, pin);
            } finally {
                killSwitch.ended(sandbox);
            }
        } catch (SandboxException e) {
            metrics.failed();
            throw new AgentFailure(ErrorCode.SANDBOX_ERROR, e.getMessage());
        }
    }

    private WorkResult work(WorkOrder order, Consumer<Payload> events, Sandbox sandbox, RepoAccess repo,
            TicketBranch.Pin pin) {
        long start = System.nanoTime();
        GitWorkspace ws = TicketBranch.checkout(sandbox, repo, pin, order);
        events.accept(pin.event(order, (System.nanoTime() - start) / 1_000_000));
        var done = sandbox.whileFrozen(() -> TicketBranch.stageCommit(ws, pin, order));
        if (done.isPresent()) {
            // Another attempt of this stage (a crash after its push, or a re-dispatch while it ran) did the work.
            return alreadyDone(order, events, sandbox, ws, done.get());
        }
        var evidence = new EvidenceLog(order, events);
        List<Tool> tools = EngineerTools.create(ws, sandbox, order.task(), evidence,
                sandboxes.options().defaultTimeout(), sandboxes.options().maxTimeout());
        var answer = new ToolLoop(model, config.caps(), events)
                .run(order, Prompts.load(EngineerAgent.class, "system-v2.md"), user(order), tools);
        String commit = WorkspaceGit.commitAll(sandbox, ws,
                StageTrailers.message(order, answer.path("summary").asText("")));
        if (commit == null) {
            throw new AgentFailure(ErrorCode.AGENT_FAILED, "the engineer finished without changing any file");
        }
        String pushed = sandbox.whileFrozen(() -> TicketBranch.push(ws, pin, order, commit));
        if (!pushed.equals(commit)) {
            return alreadyDone(order, events, sandbox, ws, pushed);
        }
        return WorkResult.committed(order, commit, evidence.forResult(), changedFiles(ws, commit),
                diff(sandbox, ws, commit));
    }

    /**
     * Answers with the stage's commit another attempt pushed, and with evidence of it: the task's tests run again
     * in the sandbox at that commit, since the Reviewer trusts only what the sandbox recorded for it.
     */
    private WorkResult alreadyDone(WorkOrder order, Consumer<Payload> events, Sandbox sandbox, GitWorkspace ws,
            String commit) {
        sandbox.whileFrozen(() -> {
            WorkspaceGit.git(ws, "checkout", "--quiet", "--force", "--detach", commit);
            return WorkspaceGit.git(ws, "clean", "--quiet", "-d", "--force", "-x");
        });
        var evidence = new EvidenceLog(order, events);
        String tests = order.task().testCommand();
        if (tests != null && !tests.isBlank()) {
            evidence.record("run_tests", sandbox.exec(List.of("bash", "-c", tests), sandboxes.options().maxTimeout()));
        }
        return WorkResult.committed(order, commit, evidence.forResult(), changedFiles(ws, commit),
                diff(sandbox, ws, commit));
    }

    /** The commit's unified diff, never through a diff driver or textconv a workspace's config could name. */
    private static String diff(Sandbox sandbox, GitWorkspace ws, String commit) {
        return sandbox.whileFrozen(() -> WorkspaceGit.git(ws, "diff", "--no-color", "--no-ext-diff", "--no-textconv",
                commit + "~1", commit));
    }

    private static List<String> changedFiles(GitWorkspace ws, String commit) {
        return WorkspaceGit.git(ws, "diff", "--name-only", commit + "~1", commit).lines().filter(l -> !l.isBlank())
                .toList();
    }

    private static String user(WorkOrder order) {
        Task task = order.task();
        return Prompts.fill(Prompts.load(EngineerAgent.class, "user-v2.md"), Map.ofEntries(
                Map.entry("ticketId", order.ticketId()),
                Map.entry("title", order.ticket().title()),
                Map.entry("taskId", task.id()),
                Map.entry("taskTitle", task.title()),
                Map.entry("taskDescription", task.description()),
                Map.entry("files", String.join(", ", task.files())),
                Map.entry("criteria", "- " + String.join("\n- ", task.acceptanceCriteria())),
                Map.entry("testCommand", task.testCommand() == null ? "(none)" : task.testCommand()),
                Map.entry("round", Integer.toString(order.round())),
                Map.entry("feedback", order.feedback().isEmpty() ? "(none)" : "- " + String.join("\n- ", order.feedback())),
                Map.entry("previousRound", Integer.toString(order.round() - 1)),
                Map.entry("previousDiff", order.previousDiff().isEmpty() ? "(none)" : order.previousDiff())));
    }
}
