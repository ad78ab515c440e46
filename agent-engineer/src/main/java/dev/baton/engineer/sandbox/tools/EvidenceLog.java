package dev.baton.engineer.sandbox.tools;

import dev.baton.engineer.sandbox.ExecResult;
import dev.baton.protocol.Payload;
import dev.baton.protocol.ToolCall;
import dev.baton.protocol.WorkOrder;
import dev.baton.protocol.WorkResult.Evidence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What the sandbox layer observed for every command of one work order: each result becomes a {@link ToolCall}
 * event at once (command line, exit code from the engine, duration, capped output) and is kept as
 * {@link Evidence} for the work result. The model never writes here. Thread-safe.
 */
public final class EvidenceLog {
    /** Entries in a work result: enough for the Reviewer, small enough for a 1 MiB message. */
    static final int MAX_RESULT_ENTRIES = 64;
    static final int MAX_RESULT_CHARS = 512 * 1024;
    static final int RESULT_OUTPUT_TAIL = 8 * 1024;
    private static final int MAX_EVENT_TEXT = 64 * 1024;

    private final WorkOrder order;
    private final Consumer<Payload> events;
    private final List<Entry> entries = new ArrayList<>();

    private record Entry(String tool, Evidence evidence) {}

    public EvidenceLog(WorkOrder order, Consumer<Payload> events) {
        this.order = order;
        this.events = events;
    }

    /** Records {@code result} of {@code tool} ({@code run_command}, {@code run_tests}) and emits its event. */
    public synchronized void record(String tool, ExecResult result) {
        Evidence evidence = result.toEvidence();
        entries.add(new Entry(tool, evidence));
        events.accept(new ToolCall(order.ticketId(), order.taskId(), order.role(), tool, clip(evidence.command()),
                result.exitCode(), result.durationMs(), clip(result.output()), false));
    }

    /**
     * The evidence to put in the work result, oldest first: test runs before other commands, newest before
     * oldest, each output cut to its last {@value #RESULT_OUTPUT_TAIL} characters, within
     * {@value #MAX_RESULT_ENTRIES} entries and {@value #MAX_RESULT_CHARS} characters. The full record of every
     * command is in the {@link ToolCall} events.
     */
    public synchronized List<Evidence> forResult() {
        var byPriority = new ArrayList<Integer>();
        for (int i = 0; i < entries.size(); i++) {
            byPriority.add(i);
        }
        byPriority.sort(Comparator.<Integer, Boolean>comparing(i -> !entries.get(i).tool().equals("run_tests"))
                .thenComparing(Comparator.reverseOrder()));
        var chosen = new TreeMap<Integer, Evidence>();
        int chars = 0;
        for (int i : byPriority) {
            Evidence e = tail(entries.get(i).evidence());
            int size = e.command().length() + e.output().length();
            if (chosen.size() < MAX_RESULT_ENTRIES && chars + size <= MAX_RESULT_CHARS) {
                chosen.put(i, e);
                chars += size;
            }
        }
        return List.copyOf(chosen.values());
    }

    private static Evidence tail(Evidence e) {
        String out = e.output();
        return out.length() <= RESULT_OUTPUT_TAIL ? e : new Evidence(e.command(), e.exitCode(), e.durationMs(),
                "…[" + (out.length() - RESULT_OUTPUT_TAIL) + " characters cut; the ToolCall event has more]…\n"
                        + out.substring(out.length() - RESULT_OUTPUT_TAIL));
    }

    private static String clip(String s) {
        return s.length() <= MAX_EVENT_TEXT ? s : s.substring(0, MAX_EVENT_TEXT - 20) + "…[cut]";
    }
}
