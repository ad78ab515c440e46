package dev.baton.proxy;

import dev.baton.protocol.Role;
import dev.baton.protocol.config.ConfigSource;
import dev.baton.proxy.budget.BudgetLimits;
import dev.baton.proxy.internal.ConfigLoader;
import dev.baton.proxy.git.GitRemote;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the vault proxy reads at startup, except secrets (those come only from a
 * {@link dev.baton.proxy.secrets.SecretStore}). Immutable. See the module README for every key.
 *
 * @param host            the address to listen on, {@code 127.0.0.1} by default
 * @param port            the port to listen on; 0 picks a free one (see {@link VaultProxy#port()})
 * @param upstreams       provider endpoints by name
 * @param routes          where each role's calls go; every role has one
 * @param maxRequestBytes the largest request body accepted from an agent
 * @param redisUri        the blackboard: budgets, spend, revocations, audit bodies
 * @param kafkaBootstrap  where audit events go ({@code baton.events})
 * @param budgetDefaults  caps written to the blackboard at startup where none are set yet
 * @param defaultMaxTokens the output limit set on calls that ask for none (before the per-call cap)
 * @param maxTokensField  the request field that limit is put in when the agent set none
 * @param auditBodyTtl    how long redacted request and response bodies are kept for replay
 * @param git             the git relay's remotes and limits
 * @param idleTimeout     how long an agent's connection may stay silent both ways before the proxy closes it;
 *                        longer than every upstream's timeout and the git relay's, so no call in progress is cut
 */
public record ProxyConfig(
        String host, int port, Map<String, Upstream> upstreams, Map<Role, Route> routes, int maxRequestBytes,
        String redisUri, String kafkaBootstrap, Map<Role, BudgetLimits> budgetDefaults, int defaultMaxTokens,
        String maxTokensField, Duration auditBodyTtl, GitRelay git, Duration idleTimeout) {

    /**
     * The git relay: remotes by name, where pushes are inspected, and the largest push accepted.
     */
    public record GitRelay(Map<String, GitRemote> remotes, Path workDir, int maxPushBytes) {
        public GitRelay {
            remotes = Map.copyOf(remotes);
            Objects.requireNonNull(workDir, "workDir");
        }
    }

    public ProxyConfig {
        Objects.requireNonNull(host, "host");
        upstreams = Map.copyOf(upstreams);
        routes = Map.copyOf(routes);
        budgetDefaults = Map.copyOf(budgetDefaults);
        Objects.requireNonNull(redisUri, "redisUri");
        Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
        Objects.requireNonNull(maxTokensField, "maxTokensField");
        Objects.requireNonNull(auditBodyTtl, "auditBodyTtl");
        Objects.requireNonNull(git, "git");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        for (Route route : routes.values()) {
            for (Route.Target target : route.targets()) {
                if (!upstreams.containsKey(target.upstream())) {
                    throw new IllegalArgumentException("route of " + route.role().id() + " names upstream '"
                            + target.upstream() + "', which is not configured");
                }
            }
        }
    }

    /**
     * Reads and validates the configuration.
     *
     * @throws dev.baton.protocol.config.ConfigException naming the key and the fix on a missing or invalid value
     */
    public static ProxyConfig load(ConfigSource source) {
        return ConfigLoader.load(source);
    }

    /** The route of {@code role}. */
    public Route route(Role role) {
        return routes.get(role);
    }
}
