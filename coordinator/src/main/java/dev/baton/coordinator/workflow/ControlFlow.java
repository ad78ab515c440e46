package dev.baton.coordinator.workflow;

import static dev.baton.protocol.TicketState.*;

import dev.baton.blackboard.TicketRecord;
import dev.baton.blackboard.Versioned;
import dev.baton.protocol.ControlCommand;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Role;
import dev.baton.protocol.TicketState;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Operator commands applied to one ticket: cancel, approve or reject a gate, unblock after a budget raise,
 * halt and resume. Pure decisions like {@link Workflow}. {@link Optional#empty()} means the command does not
 * concern this ticket (a fleet-wide command skips it); a refusal means it cannot apply.
 */
public final class ControlFlow {
    private static final Set<TicketState> WORKING = EnumSet.of(PLANNING, IMPLEMENTING, REVIEWING);

    private final Workflow workflow;

    public ControlFlow(Workflow workflow) {
        this.workflow = workflow;
    }

    public Optional<Step> apply(Versioned<TicketRecord> stored, ControlCommand command) {
        TicketRecord t = stored.value();
        boolean fleet = ControlCommand.FLEET.equals(command.ticketId());
        Change change = workflow.change(stored);
        String who = command.by() + (command.reason().isEmpty() ? "" : ": " + command.reason());
        switch (command.action()) {
            case CANCEL -> {
                if (t.state().isTerminal()) {
                    return refuse("ticket " + t.id() + " is already " + t.state());
                }
                change.move(CANCELLED, null, null, "cancelled by " + who);
            }
            case APPROVE, REJECT -> {
                if (t.state() != AWAITING_APPROVAL) {
                    return refuse("ticket " + t.id() + " is " + t.state() + ", not AWAITING_APPROVAL");
                }
                if (command.action() == ControlCommand.Action.REJECT) {
                    change.move(FAILED, null, null, "rejected by " + who);
                } else if (t.resumeTo() == DELIVERING) {
                    Workflow.deliver(change, null);
                } else {
                    change.move(IMPLEMENTING, null, Role.ENGINEER, "approved by " + who);
                    change.dispatch(Role.ENGINEER, List.of());
                }
            }
            case UNBLOCK -> {
                if (t.state() != BLOCKED_BUDGET) {
                    return fleet ? Optional.empty() : refuse("ticket " + t.id() + " is not BLOCKED_BUDGET");
                }
                redispatch(change, t.resumeTo(), "budget raised by " + who);
            }
            case HALT -> {
                if (!WORKING.contains(t.state())) {
                    return Optional.empty();
                }
                change.update(r -> r.withResumeTo(t.state()));
                change.move(HALTED, null, null, "fleet halted by " + who);
            }
            case RESUME -> {
                if (t.state() != HALTED) {
                    return Optional.empty();
                }
                redispatch(change, t.resumeTo(), "fleet resumed by " + who);
            }
        }
        return Optional.of(change.apply());
    }

    /** Moves to {@code target} and sends its work order again as a new attempt (new token, new deadline). */
    static void redispatch(Change change, TicketState target, String reason) {
        var t = change.record();
        Role role = Workflow.expectedRole(target);
        change.update(r -> r.withStage(t.taskIndex(), t.round(), t.attempt() + 1));
        change.move(target, null, role, reason);
        change.dispatch(role, feedback(change.record(), role));
    }

    /** The review comments an Engineer resuming round N must address: those of round N-1. */
    static List<String> feedback(TicketRecord t, Role role) {
        if (role != Role.ENGINEER || t.round() <= 1) {
            return List.of();
        }
        return t.reviews().stream()
                .filter(r -> r.taskId().equals(t.currentTask().id()) && r.round() == t.round() - 1)
                .reduce((a, b) -> b)
                .map(r -> r.verdict().comments())
                .orElse(List.of());
    }

    private static Optional<Step> refuse(String reason) {
        return Optional.of(new Step.Refuse(ErrorCode.ILLEGAL_TRANSITION, reason));
    }
}
