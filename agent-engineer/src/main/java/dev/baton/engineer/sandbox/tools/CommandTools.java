package dev.baton.engineer.sandbox.tools;

import dev.baton.agent.tools.AgentFailure;
import dev.baton.agent.tools.Tool;
import dev.baton.agent.tools.ToolException;
import dev.baton.engineer.sandbox.ExecResult;
import dev.baton.engineer.sandbox.Sandbox;
import dev.baton.engineer.sandbox.SandboxException;
import dev.baton.protocol.ErrorCode;
import java.time.Duration;
import java.util.List;

/**
 * {@code run_command} and {@code run_tests}: run in the sandbox through bash, recorded by the
 * {@link EvidenceLog} (not by the model). A broken sandbox fails the work order (SANDBOX_ERROR, retriable);
 * a failing command is an ordinary answer to the model.
 */
final class CommandTools {
    private CommandTools() {}

    static Tool runCommand(Sandbox sandbox, EvidenceLog log, Duration defaultTimeout) {
        return Tool.of("run_command", "Run a shell command (bash) in the sandbox, in the repository root. No network. "
                + "Every process it starts is killed when it ends or times out.",
                "{\"type\":\"object\",\"properties\":{\"command\":{\"type\":\"string\"},"
                        + "\"timeout_seconds\":{\"type\":\"integer\"}},\"required\":[\"command\"]}",
                args -> {
                    String command = args.path("command").asText();
                    if (command.isBlank()) {
                        throw new ToolException("command must not be empty");
                    }
                    return run(sandbox, log, "run_command", command, timeout(args, defaultTimeout));
                });
    }

    static Tool runTests(Sandbox sandbox, EvidenceLog log, String testCommand, Duration timeout) {
        return Tool.of("run_tests", "Run the task's test command in the sandbox and get its exit code and output.",
                "{\"type\":\"object\",\"properties\":{}}", args -> {
                    if (testCommand == null || testCommand.isBlank()) {
                        throw new ToolException("this task has no test command; use run_command");
                    }
                    return run(sandbox, log, "run_tests", testCommand, timeout);
                });
    }

    private static Duration timeout(com.fasterxml.jackson.databind.JsonNode args, Duration fallback) {
        int seconds = args.path("timeout_seconds").asInt(0);
        return seconds > 0 ? Duration.ofSeconds(seconds) : fallback;
    }

    private static String run(Sandbox sandbox, EvidenceLog log, String tool, String command, Duration timeout) {
        ExecResult result;
        try {
            result = sandbox.exec(List.of("bash", "-c", command), timeout);
        } catch (SandboxException e) {
            throw new AgentFailure(ErrorCode.SANDBOX_ERROR, e.getMessage());
        }
        log.record(tool, result);
        return "exit code " + result.exitCode() + " after " + result.durationMs() + " ms"
                + (result.timedOut() ? " (timed out)" : "") + (result.truncated() ? " (output cut)" : "") + "\n"
                + result.output();
    }
}
