package dev.baton.protocol;

import java.util.Objects;

/**
 * One git operation through the vault proxy's relay, as the proxy recorded it.
 *
 * @param operation {@code fetch} (clone or fetch) or {@code push}
 * @param outcome   {@code relayed} or {@code refused}
 * @param detail    the refs pushed, or why the operation was refused
 */
public record GitCall(
        String ticketId, String taskId, Role role, String remote, String operation, String outcome, String detail)
        implements Payload.EventMessage {

    public GitCall {
        Check.id(ticketId, "ticketId");
        Objects.requireNonNull(role, "role");
        Check.text(remote, "remote", 200);
        Check.text(operation, "operation", 20);
        Check.text(outcome, "outcome", 20);
        detail = detail == null ? "" : Check.optional(detail, "detail", Check.MAX_TEXT);
    }
}
