package dev.baton.coordinator.api;

import dev.baton.coordinator.Operators;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Lets a request through only with {@code Authorization: Bearer <token>} of a configured operator, and records
 * that operator's name on the request ({@link #operator}): commands are recorded with it, never with a name the
 * client chose. The presented token's SHA-256 digest is compared with every operator's in constant time, all of
 * them every time, so neither a token's content, its length nor which operator it belongs to leaks through timing.
 */
final class OperatorAuth implements Handler<RoutingContext> {
    private static final String PREFIX = "Bearer ";
    private static final String OPERATOR = "baton.operator";

    private record Known(String name, byte[] digest) {}

    private final List<Known> operators;

    OperatorAuth(Operators operators) {
        this.operators = operators.tokens().entrySet().stream()
                .map(e -> new Known(e.getKey(), sha256(e.getValue()))).toList();
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            refuse(ctx, "send your operator token as `Authorization: Bearer <token>`");
            return;
        }
        String name = match(sha256(header.substring(PREFIX.length()).trim()));
        if (name == null) {
            refuse(ctx, "the operator token is not valid");
        } else {
            ctx.put(OPERATOR, name);
            ctx.next();
        }
    }

    private String match(byte[] presented) {
        String found = null;
        for (Known known : operators) {
            if (MessageDigest.isEqual(known.digest(), presented)) {
                found = known.name(); // no early exit: every digest is compared
            }
        }
        return found;
    }

    /** The name of the operator whose token authenticated this request. */
    static String operator(RoutingContext ctx) {
        String name = ctx.get(OPERATOR);
        if (name == null) {
            throw new IllegalStateException("no operator on a request that passed no OperatorAuth");
        }
        return name;
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
