package dev.baton.protocol.token;

import java.time.Instant;

/**
 * Where revocations live on the blackboard, and what they mean. A revocation is a cut-off time in epoch
 * milliseconds: every token issued at or before it is refused; tokens minted later (after a resume) are
 * not. Writers {@code SET} the key to the current time; the vault proxy reads both keys on every request.
 *
 * <pre>
 * baton:revoked:all                STRING epoch ms: kill switch, every token of every ticket
 * baton:revoked:ticket:{ticketId}  STRING epoch ms: every token of one ticket (cancel)
 * </pre>
 */
public final class TokenRevocation {
    public static final String ALL = "baton:revoked:all";

    private TokenRevocation() {}

    public static String ticketKey(String ticketId) {
        return "baton:revoked:ticket:{" + ticketId + "}";
    }

    /** The value to store to revoke everything issued until {@code now}. */
    public static String cutoff(Instant now) {
        return Long.toString(now.toEpochMilli());
    }

    /** Whether a token issued at {@code issuedAt} is revoked by a stored cut-off value (null: none). */
    public static boolean revokes(String storedCutoff, Instant issuedAt) {
        if (storedCutoff == null || storedCutoff.isBlank()) {
            return false;
        }
        try {
            return issuedAt.toEpochMilli() <= Long.parseLong(storedCutoff.trim());
        } catch (NumberFormatException e) {
            return true; // an unreadable revocation must fail closed
        }
    }
}
