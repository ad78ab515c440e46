package dev.baton.launcher;

import dev.baton.agent.AgentConfig;
import dev.baton.agent.work.AgentService;
import dev.baton.coordinator.Coordinator;
import dev.baton.coordinator.CoordinatorConfig;
import dev.baton.engineer.EngineerAgent;
import dev.baton.pm.PmAgent;
import dev.baton.protocol.Role;
import dev.baton.protocol.config.ConfigSource;
import dev.baton.proxy.ProxyConfig;
import dev.baton.proxy.VaultProxy;
import dev.baton.proxy.secrets.SecretStore;
import dev.baton.reviewer.ReviewerAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import dev.baton.protocol.token.TaskTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Proxy, coordinator and the three agents in this JVM, on the shared broker and Redis, for flow tests. */
final class InProcessPlatform implements AutoCloseable {
    static final String PROVIDER_KEY = "sk-test-4f1c9a7e0b2d";
    static final String TOKEN_KEY = "it-token-key-0123456789abcdef0123456789abcdef";

    final VaultProxy proxy;
    final Coordinator coordinator;
    private final List<AgentService> agents = new ArrayList<>();

    static final String GIT_PASSWORD = "git-host-password-5b0e1c9d";

    InProcessPlatform(String bootstrap, String redisUri, String modelUrl, int maxReviewRounds) throws Exception {
        this(bootstrap, redisUri, modelUrl, maxReviewRounds, null);
    }

    /** @param relayRemoteUrl the URL of git remote {@code hosted} behind the proxy's git relay, or null */
    InProcessPlatform(String bootstrap, String redisUri, String modelUrl, int maxReviewRounds, String relayRemoteUrl)
            throws Exception {
        var common = Map.of("BATON_KAFKA_BOOTSTRAP", bootstrap, "BATON_REDIS_URI", redisUri);
        var proxyEnv = new java.util.HashMap<>(common);
        proxyEnv.putAll(Map.of("BATON_PROXY_PORT", "0", "BATON_PROXY_UPSTREAM_URL", modelUrl,
                "BATON_PROXY_UPSTREAM_KEY_SECRET", "upstream-key", "BATON_PROXY_MODEL_PM", "pm",
                "BATON_PROXY_MODEL_ENGINEER", "engineer", "BATON_PROXY_MODEL_REVIEWER", "reviewer"));
        // The engineer's calls cost something, so a budget can stop them.
        proxyEnv.put("BATON_PROXY_PRICE_ENGINEER_INPUT", "1");
        proxyEnv.put("BATON_PROXY_PRICE_ENGINEER_OUTPUT", "2");
        proxyEnv.put("BATON_PROXY_TIMEOUT", "3s");
        if (relayRemoteUrl != null) {
            proxyEnv.put("BATON_PROXY_GIT_REMOTES", "hosted");
            proxyEnv.put("BATON_PROXY_GIT_REMOTE_HOSTED_URL", relayRemoteUrl);
            proxyEnv.put("BATON_PROXY_GIT_WORK_DIR", Files.createTempDirectory("baton-relay").toString());
        }
        proxy = VaultProxy.start(ProxyConfig.load(new ConfigSource(proxyEnv, null)), SecretStore.of(Map.of(
                "upstream-key", PROVIDER_KEY, "token_key", TOKEN_KEY, "git_credential_hosted", "bot:" + GIT_PASSWORD)));
        var coordinatorEnv = new java.util.HashMap<>(common);
        coordinatorEnv.put("BATON_REVIEW_MAX_ROUNDS", Integer.toString(maxReviewRounds));
        coordinator = new Coordinator(CoordinatorConfig.load(new ConfigSource(coordinatorEnv, null)),
                new TaskTokens(TOKEN_KEY, Clock.systemUTC())::mint);
        Path work = Files.createTempDirectory("baton-it-work");
        for (Role role : Role.values()) {
            var config = new AgentConfig(role, bootstrap, redisUri, proxy.baseUrl(), 10, Duration.ofSeconds(30),
                    work.resolve(role.id()));
            agents.add(new AgentService(config, switch (role) {
                case PM -> new PmAgent(config);
                case ENGINEER -> new EngineerAgent(config);
                case REVIEWER -> new ReviewerAgent(config);
            }));
        }
    }

    @Override
    public void close() throws Exception {
        for (AgentService agent : agents) {
            agent.close();
        }
        coordinator.close();
        proxy.close();
    }
}
