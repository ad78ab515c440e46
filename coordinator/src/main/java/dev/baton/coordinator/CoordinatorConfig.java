package dev.baton.coordinator;

import dev.baton.protocol.config.ConfigException;
import dev.baton.protocol.config.ConfigSource;
import dev.baton.coordinator.workflow.GatePolicy;
import dev.baton.coordinator.workflow.StagePolicy;
import dev.baton.protocol.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;

/**
 * Everything the coordinator reads at startup.
 *
 * @param maxReviewRounds how many times the Reviewer may see one task before the ticket fails
 * @param stages          stage deadlines per role, the queue deadline, attempts and retry backoff
 * @param operators       the operators of the HTTP API and their bearer tokens; none configured makes the HTTP
 *                        API refuse to start, see {@link #requireOperators()}
 * @param httpHost        the address the HTTP API listens on
 * @param gates           the approval gate policy ({@code gates.file}, a JSON file), none by default
 * @param sweepInterval   how often stage deadlines are checked
 */
public record CoordinatorConfig(
        String kafkaBootstrap, String redisUri, int httpPort, int maxReviewRounds, StagePolicy stages,
        int topicPartitions, Operators operators, String httpHost, GatePolicy gates,
        Duration sweepInterval) {

    public CoordinatorConfig {
        java.util.Objects.requireNonNull(operators, "operators");
    }

    public static CoordinatorConfig load(ConfigSource source) {
        return new CoordinatorConfig(
                source.string("kafka.bootstrap", "127.0.0.1:9092"),
                source.string("redis.uri", "redis://127.0.0.1:6379"),
                source.integer("coordinator.port", 8080, 0, 65535),
                source.integer("review.max-rounds", 3, 1, 20),
                stages(source),
                source.integer("kafka.partitions", 3, 1, 1000),
                Operators.load(source),
                source.string("coordinator.host", "127.0.0.1"),
                source.find("gates.file").map(f -> GatePolicy.load(Path.of(f))).orElse(GatePolicy.NONE),
                source.duration("stage.sweep-interval", Duration.ofSeconds(1)));
    }

    /**
     * {@code stage.deadline} (30m) for every role unless {@code stage.deadline.<role>} says otherwise;
     * {@code stage.queue-deadline} (default: {@code stage.deadline}); {@code stage.max-attempts} (3);
     * {@code stage.retry-backoff} (2s).
     */
    static StagePolicy stages(ConfigSource source) {
        Duration fallback = source.duration("stage.deadline", Duration.ofMinutes(30));
        var deadlines = new EnumMap<Role, Duration>(Role.class);
        for (Role role : Role.values()) {
            deadlines.put(role, source.duration("stage.deadline." + role.id(), fallback));
        }
        return new StagePolicy(deadlines, source.duration("stage.queue-deadline", fallback),
                source.integer("stage.max-attempts", 3, 1, 20), source.duration("stage.retry-backoff",
                        Duration.ofSeconds(2)));
    }

    /**
     * The operators, for the HTTP API.
     *
     * @throws ConfigException naming {@code coordinator.operator-token} and the fix when no operator is configured
     */
    public Operators requireOperators() {
        if (operators.isEmpty()) {
            throw new ConfigException(Operators.TOKEN_KEY, "is not set", "set it to a random secret of at least "
                    + Operators.MIN_TOKEN + " characters (baton up generates one), or name operators with their own "
                    + "tokens in " + Operators.OPERATORS_KEY + " (env BATON_COORDINATOR_OPERATORS=alice=…,bob=…)");
        }
        return operators;
    }
}
