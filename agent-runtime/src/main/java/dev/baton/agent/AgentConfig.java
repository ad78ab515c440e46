package dev.baton.agent;

import dev.baton.protocol.Role;
import dev.baton.protocol.config.ConfigSource;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What every agent reads at startup. An agent holds no provider key: it knows only the vault proxy's URL.
 *
 * @param maxSteps    model calls per task before the agent gives up
 * @param maxWall     wall time per task
 * @param maxTokens   model tokens per task, summed over its calls
 * @param healthHost  where {@code /healthz} and {@code /metrics} listen
 * @param healthPort  their port: 0 for any free one, -1 for none
 * @param modelTimeout how long one model call may take
 * @param workDir     where task workspaces are created
 */
public record AgentConfig(
        Role role, String kafkaBootstrap, String redisUri, String proxyUrl, int maxSteps, Duration modelTimeout,
        Path workDir, Duration maxWall, long maxTokens, String healthHost, int healthPort) {

    public AgentConfig(Role role, String kafkaBootstrap, String redisUri, String proxyUrl, int maxSteps,
            Duration modelTimeout, Path workDir) {
        this(role, kafkaBootstrap, redisUri, proxyUrl, maxSteps, modelTimeout, workDir, Duration.ofMinutes(30),
                2_000_000, "127.0.0.1", -1);
    }

    /** The caps of one task. */
    public dev.baton.agent.tools.Caps caps() {
        return new dev.baton.agent.tools.Caps(maxSteps, maxWall, maxTokens);
    }

    public static AgentConfig load(Role role, ConfigSource source) {
        return new AgentConfig(role,
                source.string("kafka.bootstrap", "127.0.0.1:9092"),
                source.string("redis.uri", "redis://127.0.0.1:6379"),
                source.string("proxy.url", "http://127.0.0.1:8181"),
                source.integer("agent.max-steps", 30, 1, 1000),
                source.duration("agent.model-timeout", Duration.ofMinutes(2)),
                Path.of(source.string("agent.work-dir", System.getProperty("java.io.tmpdir") + "/baton-" + role.id())),
                source.duration("agent.max-wall", Duration.ofMinutes(30)),
                source.integer("agent.max-tokens", 2_000_000, 1_000, Integer.MAX_VALUE),
                source.string("agent.health-host", "127.0.0.1"),
                source.integer("agent.health-port", 0, -1, 65535));
    }
}
