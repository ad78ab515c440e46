package dev.baton.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * A plan cut to fit in an event: each task's id, title, acceptance criteria and files. Every text is cut to
 * {@value #MAX_FIELD} characters and every list to {@value #MAX_ITEMS} entries (a last entry says how many more);
 * tasks past {@value #MAX_CHARS} characters in all are left out and counted in {@code omittedTasks}. The whole plan
 * is on the ticket record.
 */
public record PlanOutline(List<TaskOutline> tasks, int omittedTasks) {
    public static final int MAX_CHARS = 8000;
    public static final int MAX_FIELD = 300;
    public static final int MAX_ITEMS = 10;

    public PlanOutline {
        tasks = Check.list(tasks, "plan.tasks", Plan.MAX_TASKS);
        Check.nonNegative(omittedTasks, "plan.omittedTasks");
    }

    /** One task of the outline. */
    public record TaskOutline(String id, String title, List<String> criteria, List<String> files) {
        public TaskOutline {
            Check.id(id, "task.id");
            Check.text(title, "task.title", Check.MAX_TITLE);
            criteria = texts(criteria, "task.criteria");
            files = texts(files, "task.files");
        }

        static TaskOutline of(Task task) {
            return new TaskOutline(task.id(), task.title(), firstOf(task.acceptanceCriteria()), firstOf(task.files()));
        }

        int chars() {
            return id.length() + title.length() + criteria.stream().mapToInt(String::length).sum()
                    + files.stream().mapToInt(String::length).sum();
        }
    }

    /** The outline of {@code plan}; the first task is always in it. */
    public static PlanOutline of(Plan plan) {
        var tasks = new ArrayList<TaskOutline>();
        int chars = 0;
        for (Task task : plan.tasks()) {
            TaskOutline outline = TaskOutline.of(task);
            chars += outline.chars();
            if (!tasks.isEmpty() && chars > MAX_CHARS) {
                break;
            }
            tasks.add(outline);
        }
        return new PlanOutline(tasks, plan.tasks().size() - tasks.size());
    }

    private static List<String> firstOf(List<String> all) {
        var out = new ArrayList<String>();
        all.stream().limit(MAX_ITEMS).forEach(s -> out.add(s.length() > MAX_FIELD ? s.substring(0, MAX_FIELD - 1) + "…" : s));
        if (all.size() > MAX_ITEMS) {
            out.add("…[" + (all.size() - MAX_ITEMS) + " more]");
        }
        return out;
    }

    private static List<String> texts(List<String> values, String field) {
        List<String> copy = Check.list(values, field, MAX_ITEMS + 1);
        copy.forEach(v -> Check.optional(v, field + " entry", MAX_FIELD));
        return copy;
    }
}
