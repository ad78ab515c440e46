package dev.baton.engineer;

import dev.baton.agent.git.GitWorkspace;
import dev.baton.engineer.sandbox.tools.WorkspaceGit;
import dev.baton.protocol.Task;
import dev.baton.protocol.WorkOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The trailers that tie an Engineer commit to its stage, and the search for them. A commit names its ticket,
 * task and round ({@code Baton-Ticket}, {@code Baton-Task}, {@code Baton-Round}) and the attempt that made it
 * ({@code Baton-Stage}). Two attempts of one stage are the same work: a commit of any attempt with the same
 * ticket, task and round means the stage is done. Stateless and thread-safe.
 */
final class StageTrailers {
    private static final String TICKET = "Baton-Ticket";
    private static final String TASK = "Baton-Task";
    private static final String ROUND = "Baton-Round";

    private StageTrailers() {}

    /** The commit message: the task's title, the model's summary, then the trailers. */
    static String message(WorkOrder order, String summary) {
        Task task = order.task();
        return task.title() + "\n\n" + (summary.isBlank() ? "" : summary + "\n\n") + TICKET + ": " + order.ticketId()
                + "\n" + TASK + ": " + task.id() + "\n" + ROUND + ": " + order.round() + "\nBaton-Stage: "
                + order.stageKey();
    }

    /**
     * The newest of the last {@code count} commits up to {@code rev} whose trailers name {@code order}'s ticket,
     * task and round, whichever attempt made it. The caller must hold the sandbox frozen.
     */
    static Optional<String> find(GitWorkspace ws, String rev, int count, WorkOrder order) {
        String log = WorkspaceGit.git(ws, "log", "-n", Integer.toString(count),
                "--format=%H%x1f%(trailers:only,unfold)%x1e", rev, "--");
        for (String entry : log.split("\u001e")) {
            String[] fields = entry.strip().split("\u001f", 2);
            if (fields.length == 2 && matches(trailers(fields[1]), order)) {
                return Optional.of(fields[0]);
            }
        }
        return Optional.empty();
    }

    private static boolean matches(Map<String, String> trailers, WorkOrder order) {
        return order.ticketId().equals(trailers.get(TICKET)) && order.taskId().equals(trailers.get(TASK))
                && Integer.toString(order.round()).equals(trailers.get(ROUND));
    }

    /** The first value of each trailer key. */
    private static Map<String, String> trailers(String block) {
        var found = new HashMap<String, String>();
        for (String line : block.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                found.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return found;
    }
}
