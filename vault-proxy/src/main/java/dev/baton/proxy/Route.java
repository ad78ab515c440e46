package dev.baton.proxy;

import dev.baton.protocol.Role;
import java.util.List;
import java.util.Objects;

/**
 * Where one role's model calls go: targets in order of preference. The first target gets every call; the
 * next is tried only when the previous one failed before anything reached the agent (connection refused,
 * timeout, HTTP 429 or 5xx).
 *
 * @param price what the role's calls cost, used for budgets and audit
 */
public record Route(Role role, List<Target> targets, Price price) {

    public Route {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(price, "price");
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a route needs at least one target");
        }
    }

    /** The primary target's model, the one the role normally gets. */
    public String model() {
        return targets.getFirst().model();
    }

    /** One model on one upstream. */
    public record Target(String model, String upstream) {
        public Target {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(upstream, "upstream");
        }

        @Override
        public String toString() {
            return model + "@" + upstream;
        }
    }
}
