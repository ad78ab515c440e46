package dev.baton.bench;

import dev.baton.agent.AgentConfig;
import dev.baton.agent.work.AgentService;
import dev.baton.protocol.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code replicas} in-process agents per role, each a real {@link AgentService} (its own Kafka consumer in the
 * role's group, its own producer and Redis connection, the real work loop) whose agent answers at once.
 */
final class InstantAgents implements AutoCloseable {
    private final List<AgentService> services = new ArrayList<>();

    private InstantAgents() {}

    static InstantAgents start(String bootstrap, String redisUri, int replicas, Path workDir) {
        var agents = new InstantAgents();
        for (Role role : Role.values()) {
            for (int i = 0; i < replicas; i++) {
                var config = new AgentConfig(role, bootstrap, redisUri, "http://127.0.0.1:9", 30,
                        Duration.ofMinutes(2), workDir.resolve(role.id() + "-" + i));
                agents.services.add(new AgentService(config, InstantWork.agent(role)));
            }
        }
        return agents;
    }

    @Override
    public void close() throws InterruptedException {
        for (AgentService service : services) {
            service.close();
        }
    }
}
