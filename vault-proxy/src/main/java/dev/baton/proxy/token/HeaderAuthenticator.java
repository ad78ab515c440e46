package dev.baton.proxy.token;

import dev.baton.protocol.Role;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.util.Set;

/**
 * Trusts the {@code X-Baton-Role}, {@code X-Baton-Ticket} and {@code X-Baton-Task} headers. Only for
 * embedding the proxy where no token signing key is configured; it proves nothing about the caller.
 * Stateless and thread-safe.
 */
public final class HeaderAuthenticator implements Authenticator {
    @Override
    public Future<Caller> authenticate(MultiMap headers) {
        String role = headers.get("X-Baton-Role");
        if (role == null || role.isBlank()) {
            return Future.failedFuture(new AuthException(401, "missing_role", "the X-Baton-Role header is missing"));
        }
        try {
            return Future.succeededFuture(new Caller(Role.of(role.trim()), orUnknown(headers.get("X-Baton-Ticket")),
                    orUnknown(headers.get("X-Baton-Task")), Set.of(Scopes.MODEL)));
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new AuthException(403, "unknown_role", e.getMessage()));
        }
    }

    private static String orUnknown(String value) {
        return value == null || value.isBlank() ? "unknown" : value.trim();
    }
}
