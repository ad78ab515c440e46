package dev.baton.protocol.token;

import dev.baton.protocol.Role;
import java.util.Set;

/** The operations a task token can allow, and what each role gets. */
public final class TaskScopes {
    /** Model calls through the vault proxy. */
    public static final String MODEL = "model";
    /** Clone and fetch through the git relay. */
    public static final String GIT_READ = "git:read";
    /** Push to {@code refs/heads/baton/<ticket>} of the token's ticket through the git relay. */
    public static final String GIT_PUSH = "git:push";

    private TaskScopes() {}

    /** The scopes DESIGN.md gives a role: only the Engineer may push; all may read and call models. */
    public static Set<String> forRole(Role role) {
        return switch (role) {
            case PM, REVIEWER -> Set.of(MODEL, GIT_READ);
            case ENGINEER -> Set.of(MODEL, GIT_READ, GIT_PUSH);
        };
    }
}
