package dev.baton.proxy.token;

import dev.baton.protocol.Role;
import dev.baton.protocol.token.TaskScopes;
import dev.baton.telemetry.log.LogContext;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling the proxy, as established by an {@link Authenticator}: the role, ticket and task the
 * caller's credentials are scoped to, and the operations they allow ({@link TaskScopes}). Immutable.
 */
public record Caller(Role role, String ticketId, String taskId, Set<String> scopes) {
    public Caller {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(ticketId, "ticketId");
        Objects.requireNonNull(taskId, "taskId");
        scopes = Set.copyOf(scopes);
    }

    public boolean allows(String scope) {
        return scopes.contains(scope);
    }

    /** This caller's ticket, task and role on the log lines written until the context is closed. */
    public LogContext log() {
        return LogContext.of(ticketId, taskId, role.id());
    }
}
