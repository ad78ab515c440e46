package dev.baton.agent.work;

import dev.baton.protocol.ControlCommand;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.HandoffEvent;
import dev.baton.protocol.Payload;
import dev.baton.protocol.Role;
import dev.baton.protocol.Task;
import dev.baton.protocol.TicketState;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.protocol.WorkOrder;
import dev.baton.protocol.WorkResult;
import dev.baton.testkit.fuzz.EnvelopeFuzzer;
import dev.baton.testkit.fuzz.FuzzValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded records for one role's work topic: valid work orders for the role, broken by the shared
 * {@link EnvelopeFuzzer} (bad JSON, wrong types, huge values, invalid UTF-8, missing fields), and well-formed
 * messages that do not belong there (another role's order, tickets, results, events, commands). Not thread-safe.
 */
final class WorkFuzzer {
    private static final List<String> SPECIAL = List.of("plan", "task-1", "main", "baton/x", "pm", "engineer",
            "reviewer", "app", "file:///tmp/x.git", "..", "-", "refs/heads/main");

    private final FuzzValues values;
    private final EnvelopeFuzzer envelopes;
    private final Role role;
    private final String prefix;
    private final List<String> tickets = new ArrayList<>();

    WorkFuzzer(Random random, Role role, String prefix) {
        this.values = new FuzzValues(random, SPECIAL);
        this.envelopes = new EnvelopeFuzzer(values);
        this.role = role;
        this.prefix = prefix;
    }

    /** One record value; null stands for a record without a value. */
    byte[] next() {
        return envelopes.next(() -> order(role), this::wrong);
    }

    /** A valid order for {@code role}; now and then for a stage already ordered (a redelivery). */
    WorkOrder order(Role role) {
        String ticket = values.oneIn(20) && !tickets.isEmpty() ? values.pick(tickets) : prefix + "-" + tickets.size();
        tickets.add(ticket);
        String taskId = role == Role.PM ? WorkOrder.PLAN_TASK : "task-" + (1 + values.nextInt(3));
        Task task = role == Role.PM ? null : new Task(taskId, "Task " + values.string(30).strip() + ".",
                values.string(200), List.of("src/f" + values.nextInt(9) + ".py"), List.of("criterion " + taskId),
                values.random().nextBoolean() ? null : "pytest -q");
        var submitted = new TicketSubmitted(ticket, values.pick("app", "file:///fuzz/" + ticket + ".git", "/tmp/x"),
                values.random().nextBoolean() ? "main" : null, "Fuzz " + ticket, values.string(200), "fuzz");
        List<WorkResult.Evidence> evidence = role == Role.REVIEWER
                ? List.of(new WorkResult.Evidence("pytest -q", values.nextInt(3), values.nextInt(10_000),
                        values.string(300)))
                : List.of();
        return new WorkOrder(ticket, role, taskId, 1 + (values.oneIn(4) ? values.nextInt(3) : 0),
                1 + (values.oneIn(4) ? values.nextInt(3) : 0), "bt1." + values.hex(40), submitted, task,
                "baton/" + ticket, role == Role.PM ? null : values.hex(40),
                values.oneIn(3) ? List.of(values.string(100)) : List.of(), Instant.now().plusSeconds(600), evidence);
    }

    /** A well-formed message that does not belong on this role's work topic. */
    private Payload wrong() {
        String ticket = prefix + "-x" + values.nextInt(1000);
        return switch (values.nextInt(5)) {
            case 0 -> order(values.pick(List.of(Role.values()).stream().filter(r -> r != role).toList()));
            case 1 -> new TicketSubmitted(ticket, "app", null, "Wrong topic", "", "fuzz");
            case 2 -> WorkResult.failed(order(role), ErrorCode.AGENT_FAILED, "wrong topic");
            case 3 -> new HandoffEvent(ticket, TicketState.PLANNING, TicketState.IMPLEMENTING, Role.PM,
                    Role.ENGINEER, "task-1", 1, "fuzz", 3);
            default -> new ControlCommand(ticket, values.pick(ControlCommand.Action.values()), "fuzz", "fuzz");
        };
    }
}
