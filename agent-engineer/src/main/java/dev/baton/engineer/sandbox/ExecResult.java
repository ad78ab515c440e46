package dev.baton.engineer.sandbox;

import dev.baton.protocol.WorkResult;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How one command ended in a sandbox (immutable), as the sandbox layer observed it (the exit code comes from the Docker
 * engine, never from the command's own output).
 *
 * @param command    the command as given to {@link Sandbox#exec}
 * @param exitCode   the process's exit code; 137 when it was killed (timeout, memory limit), 153 when it hit the
 *                   file size limit
 * @param durationMs wall time from start to the end of its output
 * @param output     stdout and stderr interleaved, capped (head and tail kept, the cut marked), followed by
 *                   {@code [baton] ...} lines when the sandbox killed the command or a limit was hit
 * @param timedOut   the command was killed because it ran past its timeout
 * @param truncated  output was cut in the middle
 */
public record ExecResult(List<String> command, int exitCode, long durationMs, String output, boolean timedOut,
        boolean truncated) {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");
    private static final int MAX_COMMAND = 4000;

    public ExecResult {
        command = List.copyOf(command);
        Objects.requireNonNull(output, "output");
    }

    /** The command ran to completion and exited 0. */
    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }

    /** The command as a shell would read it, e.g. {@code bash -c 'pytest -q'}. */
    public String commandLine() {
        return command.stream().map(a -> PLAIN.matcher(a).matches() ? a : "'" + a.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
    }

    /** This result as recorded evidence, the command line clipped to what the protocol accepts. */
    public WorkResult.Evidence toEvidence() {
        String line = commandLine();
        return new WorkResult.Evidence(line.length() > MAX_COMMAND ? line.substring(0, MAX_COMMAND - 1) + "…" : line,
                exitCode, durationMs, output);
    }
}
