package dev.baton.coordinator;

import dev.baton.protocol.ControlCommand;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.HandoffEvent;
import dev.baton.protocol.Payload;
import dev.baton.protocol.Plan;
import dev.baton.protocol.Role;
import dev.baton.protocol.Task;
import dev.baton.protocol.TicketState;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.protocol.Verdict;
import dev.baton.protocol.WorkResult;
import dev.baton.testkit.fuzz.EnvelopeFuzzer;
import dev.baton.testkit.fuzz.FuzzValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded inputs for the coordinator's intake topics: valid tickets and results, broken by the shared
 * {@link EnvelopeFuzzer}, and messages of other types. Not thread-safe; one per test.
 */
final class IntakeFuzzer {
    private static final List<String> SPECIAL = List.of("fleet", "unknown", "baton/x", "t-1", "plan", "task-1", "PM",
            "engineer", "REVIEWER");

    private final FuzzValues values;
    private final EnvelopeFuzzer envelopes;
    private final String prefix;
    private final List<String> tickets = new ArrayList<>();
    private int serial;

    IntakeFuzzer(Random random, String prefix) {
        this.values = new FuzzValues(random, SPECIAL);
        this.envelopes = new EnvelopeFuzzer(values);
        this.prefix = prefix;
    }

    /** Tickets that exist, so results can name them. */
    void known(String ticketId) {
        tickets.add(ticketId);
    }

    /** One input for {@code baton.tickets}; null stands for a record without a value. */
    byte[] ticketInput() {
        return envelopes.next(this::validTicket, this::otherType);
    }

    /** One input for {@code baton.results}. */
    byte[] resultInput() {
        return envelopes.next(this::validResult, this::otherType);
    }

    String newTicketId() {
        return prefix + "-" + (++serial);
    }

    private TicketSubmitted validTicket() {
        String id = values.oneIn(20) && !tickets.isEmpty() ? values.pick(tickets) : newTicketId();
        tickets.add(id);
        return new TicketSubmitted(id, "file:///fuzz/" + id + ".git", values.random().nextBoolean() ? "main" : null,
                "Fuzz " + values.string(40).strip() + ".", values.random().nextBoolean() ? values.string(200) : null,
                "fuzz");
    }

    private WorkResult validResult() {
        String id = tickets.isEmpty() || values.oneIn(10) ? newTicketId() : values.pick(tickets);
        Role role = values.pick(Role.values());
        String task = role == Role.PM && values.nextInt(4) > 0 ? "plan" : "task-" + (1 + values.nextInt(2));
        int round = 1 + (values.oneIn(4) ? values.nextInt(3) : 0);
        int attempt = 1 + (values.oneIn(4) ? values.nextInt(3) : 0);
        var outcome = values.oneIn(5) ? WorkResult.Outcome.FAILED : switch (role) {
            case PM -> WorkResult.Outcome.PLANNED;
            case ENGINEER -> WorkResult.Outcome.COMMITTED;
            case REVIEWER -> WorkResult.Outcome.REVIEWED;
        };
        Plan plan = outcome == WorkResult.Outcome.PLANNED ? plan() : null;
        String commit = outcome == WorkResult.Outcome.COMMITTED ? values.hex(40) : null;
        Verdict verdict = outcome == WorkResult.Outcome.REVIEWED ? verdict() : null;
        var failure = outcome == WorkResult.Outcome.FAILED
                ? new WorkResult.Failure(values.pick(ErrorCode.values()), values.string(100)) : null;
        return new WorkResult(id, role, task, round, attempt, outcome, plan, commit, List.of(), verdict, failure,
                outcome == WorkResult.Outcome.COMMITTED ? List.of("BATON_NOTES.md") : List.of());
    }

    private Plan plan() {
        List<Task> tasks = new ArrayList<>();
        int count = 1 + values.nextInt(3);
        for (int i = 1; i <= count; i++) {
            tasks.add(new Task("task-" + i, "Task " + i, values.string(50), List.of("f" + i + ".txt"),
                    List.of("criterion " + i), values.random().nextBoolean() ? null : "make test"));
        }
        return new Plan(values.string(30), tasks);
    }

    private Verdict verdict() {
        boolean approve = values.random().nextBoolean();
        return new Verdict(approve ? Verdict.Decision.APPROVED : Verdict.Decision.CHANGES_REQUESTED,
                List.of(new Verdict.CriterionVerdict("criterion 1", approve, values.string(40),
                        approve ? "" : "do better")), values.string(40));
    }

    /** A well-formed message that does not belong on an intake topic (or on this one). */
    private Payload otherType() {
        String id = tickets.isEmpty() ? newTicketId() : values.pick(tickets);
        return switch (values.nextInt(4)) {
            case 0 -> new HandoffEvent(id, TicketState.PLANNING, TicketState.IMPLEMENTING, Role.PM, Role.ENGINEER,
                    "task-1", 1, "fuzz", 3);
            case 1 -> new ControlCommand(id, values.pick(ControlCommand.Action.values()), "fuzz", "fuzz");
            case 2 -> validTicket();
            default -> validResult();
        };
    }
}
