package dev.baton.protocol;

/**
 * A user's ticket: change {@code repo} (a git URL, or a path for local repositories) starting from
 * {@code baseRef}. Delivered as branch {@code baton/<ticketId>}.
 */
public record TicketSubmitted(
        String ticketId, String repo, String baseRef, String title, String description, String submittedBy)
        implements Payload.TicketMessage {

    public TicketSubmitted {
        Check.id(ticketId, "ticketId");
        if (ticketId.equalsIgnoreCase(ControlCommand.FLEET)) {
            throw new IllegalArgumentException("ticketId '" + ticketId + "' is reserved for fleet-wide commands");
        }
        Check.text(repo, "repo", 2048);
        baseRef = baseRef == null || baseRef.isBlank() ? "main" : Check.optional(baseRef, "baseRef", 200);
        // git would read either as an option (--upload-pack=<command> runs a command where git runs)
        if (repo.startsWith("-") || baseRef.startsWith("-")) {
            throw new IllegalArgumentException("repo and baseRef must not start with '-'");
        }
        Check.text(title, "title", Check.MAX_TITLE);
        description = description == null ? "" : Check.optional(description, "description", Check.MAX_TEXT);
        submittedBy = submittedBy == null || submittedBy.isBlank()
                ? "anonymous"
                : Check.optional(submittedBy, "submittedBy", 200);
    }

    /** The branch Baton delivers this ticket on. */
    public String branch() {
        return "baton/" + ticketId;
    }
}
