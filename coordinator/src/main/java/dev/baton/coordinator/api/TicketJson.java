package dev.baton.coordinator.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.blackboard.TicketRecord;
import dev.baton.blackboard.Versioned;
import dev.baton.blackboard.budget.Budgets;
import dev.baton.protocol.Json;
import dev.baton.protocol.Role;
import dev.baton.protocol.Task;
import java.math.BigDecimal;

/** The JSON shapes of tickets in the API: a summary for lists, the whole record with its cost for one ticket. */
final class TicketJson {
    private TicketJson() {}

    static ObjectNode summary(Versioned<TicketRecord> stored) {
        TicketRecord t = stored.value();
        ObjectNode node = Json.MAPPER.createObjectNode()
                .put("id", t.id())
                .put("state", t.state().name())
                .put("title", t.ticket().title())
                .put("repo", t.ticket().repo())
                .put("baseRef", t.ticket().baseRef())
                .put("branch", t.ticket().branch())
                .put("submittedBy", t.ticket().submittedBy())
                .put("reason", t.reason())
                .put("tasks", t.plan() == null ? 0 : t.plan().tasks().size())
                .put("taskIndex", t.taskIndex())
                .put("round", t.round())
                .put("head", t.head())
                .put("version", stored.version())
                .put("createdAt", t.createdAt().toString())
                .put("updatedAt", t.updatedAt().toString());
        Task task = t.currentTask();
        if (task != null) {
            node.putObject("task").put("id", task.id()).put("title", task.title());
        } else {
            node.putNull("task");
        }
        return node;
    }

    /** The whole record (plan, tasks, commits with evidence, reviews) and the model spend by role. */
    static ObjectNode detail(Versioned<TicketRecord> stored, Budgets budgets) {
        ObjectNode node = summary(stored);
        node.set("record", Json.MAPPER.valueToTree(stored.value()));
        ObjectNode cost = node.putObject("cost");
        ObjectNode byRole = cost.putObject("byRole");
        BigDecimal total = BigDecimal.ZERO;
        for (Role role : Role.values()) {
            BigDecimal spent = budgets.spentOnTicket(role, stored.value().id());
            byRole.put(role.id(), spent);
            total = total.add(spent);
        }
        cost.put("totalUsd", total);
        return node;
    }
}
