package dev.baton.protocol.token;

import dev.baton.protocol.Check;
import dev.baton.protocol.Role;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What a task token grants: one role's operations on one task of one ticket, until {@code expiresAt}.
 * Immutable. Times are whole milliseconds.
 *
 * @param tokenId   a random id, for audit
 * @param scopes    the operations allowed, see {@link TaskScopes}
 * @param issuedAt  when it was minted; revocation cuts off every token issued at or before a point in time
 */
public record TaskClaims(
        String tokenId, Role role, String ticketId, String taskId, Set<String> scopes, Instant issuedAt,
        Instant expiresAt) {

    public TaskClaims {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(role, "role");
        Check.id(ticketId, "ticketId");
        Check.id(taskId, "taskId");
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("a token must expire after it is issued");
        }
    }

    public boolean allows(String scope) {
        return scopes.contains(scope);
    }
}
