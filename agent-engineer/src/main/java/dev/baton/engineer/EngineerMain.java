package dev.baton.engineer;

import dev.baton.agent.AgentConfig;
import dev.baton.agent.work.AgentService;
import dev.baton.protocol.Role;
import dev.baton.protocol.config.ConfigSource;

/** The Engineer agent service. */
public final class EngineerMain {
    private EngineerMain() {}

    public static void main(String[] args) throws InterruptedException {
        AgentService.main(AgentConfig.load(Role.ENGINEER, ConfigSource.fromEnvironment()), EngineerAgent::new);
    }
}
