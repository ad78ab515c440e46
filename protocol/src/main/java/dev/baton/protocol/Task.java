package dev.baton.protocol;

import java.util.List;

/** One scoped task of a plan, with acceptance criteria the Reviewer can check. */
public record Task(
        String id, String title, String description, List<String> files, List<String> acceptanceCriteria,
        String testCommand) {

    public Task {
        Check.id(id, "task.id");
        Check.text(title, "task.title", Check.MAX_TITLE);
        description = description == null ? "" : Check.optional(description, "task.description", Check.MAX_TEXT);
        files = Check.list(files, "task.files", Check.MAX_LIST);
        acceptanceCriteria = Check.list(acceptanceCriteria, "task.acceptanceCriteria", 20);
        if (acceptanceCriteria.isEmpty()) {
            throw new IllegalArgumentException("task " + id + " has no acceptance criteria");
        }
        testCommand = Check.optional(testCommand, "task.testCommand", 1000);
    }
}
