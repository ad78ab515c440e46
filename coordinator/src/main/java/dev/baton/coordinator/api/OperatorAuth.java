package dev.baton.coordinator.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Lets a request through only with {@code Authorization: Bearer <operator token>}. The comparison is of
 * SHA-256 digests in constant time, so neither the token's content nor its length leaks through timing.
 */
final class OperatorAuth implements Handler<RoutingContext> {
    private static final String PREFIX = "Bearer ";
    private final byte[] expected;

    OperatorAuth(String token) {
        this.expected = sha256(token);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            refuse(ctx, "send the operator token as `Authorization: Bearer <token>`");
        } else if (!MessageDigest.isEqual(expected, sha256(header.substring(PREFIX.length()).trim()))) {
            refuse(ctx, "the operator token is not valid");
        } else {
            ctx.next();
        }
    }

    private static void refuse(RoutingContext ctx, String message) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"baton\"");
        Respond.error(ctx, 401, "unauthorized", message);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
