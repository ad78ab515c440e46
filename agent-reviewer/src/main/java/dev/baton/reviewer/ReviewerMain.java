package dev.baton.reviewer;

import dev.baton.agent.AgentConfig;
import dev.baton.agent.work.AgentService;
import dev.baton.protocol.Role;
import dev.baton.protocol.config.ConfigSource;

/** The Reviewer agent service. */
public final class ReviewerMain {
    private ReviewerMain() {}

    public static void main(String[] args) throws InterruptedException {
        AgentService.main(AgentConfig.load(Role.REVIEWER, ConfigSource.fromEnvironment()), ReviewerAgent::new);
    }
}
