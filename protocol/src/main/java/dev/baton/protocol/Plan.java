package dev.baton.protocol;

import java.util.HashSet;
import java.util.List;

/** The PM's plan: one or more tasks, implemented and reviewed in order. */
public record Plan(String summary, List<Task> tasks) {
    public static final int MAX_TASKS = 20;

    public Plan {
        summary = summary == null ? "" : Check.optional(summary, "plan.summary", Check.MAX_TEXT);
        tasks = Check.list(tasks, "plan.tasks", MAX_TASKS);
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("plan.tasks must hold at least one task");
        }
        var ids = new HashSet<String>();
        for (Task task : tasks) {
            if (!ids.add(task.id())) {
                throw new IllegalArgumentException("plan.tasks has duplicate task id " + task.id());
            }
        }
    }

    public Task task(int index) {
        return tasks.get(index);
    }
}
