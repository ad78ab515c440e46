package dev.baton.proxy.git;

import dev.baton.proxy.token.Caller;
import java.util.Optional;

/**
 * What a push may update: only {@code refs/heads/baton/<ticket>} of the token's own ticket, never a
 * deletion. (Force pushes are refused later, by {@link PushInspector}, which can see the history.)
 */
final class PushPolicy {
    private PushPolicy() {}

    static String branchRef(String ticketId) {
        return "refs/heads/baton/" + ticketId;
    }

    /** Why the caller may not make these updates, or empty. */
    static Optional<String> refusal(Caller caller, PushCommands commands) {
        String allowed = branchRef(caller.ticketId());
        for (PushCommands.Update update : commands.updates()) {
            if (!update.ref().equals(allowed)) {
                return Optional.of("ticket " + caller.ticketId() + " may push only to " + allowed + ", not "
                        + update.ref());
            }
            if (update.isDelete()) {
                return Optional.of("deleting " + update.ref() + " is not allowed");
            }
        }
        return Optional.empty();
    }
}
