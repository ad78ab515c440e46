package dev.baton.pm;

import dev.baton.agent.AgentConfig;
import dev.baton.agent.work.AgentService;
import dev.baton.protocol.Role;
import dev.baton.protocol.config.ConfigSource;

/** The PM agent service. */
public final class PmMain {
    private PmMain() {}

    public static void main(String[] args) throws InterruptedException {
        AgentService.main(AgentConfig.load(Role.PM, ConfigSource.fromEnvironment()), PmAgent::new);
    }
}
