package dev.baton.engineer.sandbox.tools;

import dev.baton.agent.git.GitWorkspace;
import dev.baton.agent.tools.AgentFailure;
import dev.baton.agent.tools.Tool;
import dev.baton.agent.tools.ToolException;
import dev.baton.engineer.sandbox.Sandbox;
import dev.baton.engineer.sandbox.SandboxException;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The Engineer's tools for one task, all confined to the task's workspace: {@code list_files}, {@code read_file},
 * {@code write_file}, {@code apply_patch}, {@code search_text} (host side, always with the sandbox frozen),
 * {@code run_command} and {@code run_tests} (in the sandbox, recorded as evidence), and {@code finish}, which
 * refuses to end the task while the workspace holds a nested git repository. The tools may be called from any
 * thread; the sandbox serialises them. A refused argument is a {@link ToolException} answer to the model; a
 * broken sandbox is an {@link AgentFailure} with SANDBOX_ERROR, which fails (retriably) the work order.
 */
public final class EngineerTools {
    private EngineerTools() {}

    /**
     * @param commandTimeout timeout of {@code run_command} when the model gives none
     * @param testTimeout    timeout of {@code run_tests}
     */
    public static List<Tool> create(GitWorkspace ws, Sandbox sandbox, Task task, EvidenceLog log,
            Duration commandTimeout, Duration testTimeout) {
        Path root = ws.root();
        return List.of(
                frozen(sandbox, WorkspaceFiles.listFiles(ws)),
                frozen(sandbox, WorkspaceFiles.readFile(root)),
                frozen(sandbox, WorkspaceFiles.writeFile(root)),
                frozen(sandbox, PatchTool.applyPatch(ws)),
                frozen(sandbox, SearchTool.searchText(root)),
                CommandTools.runCommand(sandbox, log, commandTimeout),
                CommandTools.runTests(sandbox, log, task.testCommand(), testTimeout),
                frozen(sandbox, finish(root)));
    }

    private static Tool finish(Path root) {
        return Tool.terminal("finish", "Call when the task is done, with a one-paragraph summary of the change.",
                "{\"type\":\"object\",\"properties\":{\"summary\":{\"type\":\"string\"}}}", args -> {
                    List<Path> nested = WorkspaceGit.nestedRepositories(root);
                    if (!nested.isEmpty()) {
                        throw new ToolException("remove the nested git repositories " + nested
                                + " first (e.g. run_command rm -rf <dir>/.git); they cannot be committed");
                    }
                    return "done";
                });
    }

    /** The same tool, its handler run with every process of the sandbox frozen; a broken sandbox fails the order. */
    static Tool frozen(Sandbox sandbox, Tool tool) {
        return new Tool(tool.name(), tool.description(), tool.parameters(), args -> {
            try {
                return sandbox.<String, ToolException>whileFrozen(() -> tool.handler().call(args));
            } catch (SandboxException e) {
                throw new AgentFailure(ErrorCode.SANDBOX_ERROR, e.getMessage());
            }
        }, tool.terminal());
    }
}
