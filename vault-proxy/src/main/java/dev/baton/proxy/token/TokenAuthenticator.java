package dev.baton.proxy.token;

import dev.baton.protocol.token.TaskClaims;
import dev.baton.protocol.token.TaskTokens;
import dev.baton.protocol.token.TokenException;
import dev.baton.protocol.token.TokenRevocation;
import dev.baton.proxy.ProxyException;
import dev.baton.proxy.internal.VertxFutures;
import io.lettuce.core.KeyValue;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Trusts only the signed task token: {@code Authorization: Bearer <token>}, or HTTP Basic with the token as
 * password (what git sends). Verifies signature and expiry, then checks the per-ticket and global revocation
 * cut-offs in Redis ({@link TokenRevocation}). The {@code X-Baton-*} headers are not trusted; if present and
 * different from the token's claims the request is refused with 403.
 *
 * <p>Thread-safe and non-blocking. Failures: 401 {@code missing_token}, {@code malformed_token},
 * {@code invalid_signature}, {@code token_expired}, {@code token_revoked}; 403 {@code role_mismatch},
 * {@code ticket_mismatch}; 503 {@code revocation_unavailable} when Redis cannot be asked (fails closed).
 */
public final class TokenAuthenticator implements Authenticator {
    private final TaskTokens tokens;
    private final RedisAsyncCommands<String, String> redis;

    public TokenAuthenticator(TaskTokens tokens, RedisAsyncCommands<String, String> redis) {
        this.tokens = tokens;
        this.redis = redis;
    }

    @Override
    public Future<Caller> authenticate(MultiMap headers) {
        TaskClaims claims;
        try {
            claims = tokens.verify(token(headers.get("Authorization")));
            agree(headers.get("X-Baton-Role"), claims.role().id(), "role_mismatch", "role");
            agree(headers.get("X-Baton-Ticket"), claims.ticketId(), "ticket_mismatch", "ticket");
        } catch (TokenException e) {
            return Future.failedFuture(new AuthException(401, e.reason().code(), e.getMessage()));
        } catch (AuthException e) {
            return Future.failedFuture(e);
        }
        return VertxFutures.of(redis.mget(TokenRevocation.ALL, TokenRevocation.ticketKey(claims.ticketId())))
                .transform(result -> {
                    if (result.failed()) {
                        return Future.failedFuture(new ProxyException(503, "revocation_unavailable",
                                "cannot check token revocation: the blackboard is unavailable, retry later"));
                    }
                    return revoked(result.result(), claims)
                            ? Future.failedFuture(new AuthException(401, TokenException.Reason.REVOKED.code(),
                                    "the task token was revoked (ticket cancelled or fleet halted)"))
                            : Future.succeededFuture(new Caller(claims.role(), claims.ticketId(), claims.taskId(),
                                    claims.scopes()));
                });
    }

    private static boolean revoked(List<KeyValue<String, String>> cutoffs, TaskClaims claims) {
        return cutoffs.stream().anyMatch(kv -> kv.hasValue() && TokenRevocation.revokes(kv.getValue(), claims.issuedAt()));
    }

    private static void agree(String header, String claim, String code, String what) {
        if (header != null && !header.isBlank() && !header.trim().equalsIgnoreCase(claim)) {
            throw new AuthException(403, code, "the X-Baton " + what + " header '" + header.trim()
                    + "' differs from the token's " + what + " '" + claim + "'");
        }
    }

    /** The token in a Bearer or Basic authorization header, or null. */
    static String token(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.trim();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return value.substring(7).trim();
        }
        if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(value.substring(6).trim()), StandardCharsets.UTF_8);
                return pair.substring(pair.indexOf(':') + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
