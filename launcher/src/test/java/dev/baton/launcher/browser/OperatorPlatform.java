package dev.baton.launcher.browser;

import dev.baton.agent.AgentConfig;
import dev.baton.agent.work.AgentService;
import dev.baton.coordinator.Coordinator;
import dev.baton.coordinator.CoordinatorConfig;
import dev.baton.coordinator.api.ApiVerticle;
import dev.baton.engineer.EngineerAgent;
import dev.baton.pm.PmAgent;
import dev.baton.protocol.Role;
import dev.baton.protocol.config.ConfigSource;
import dev.baton.protocol.token.TaskTokens;
import dev.baton.proxy.ProxyConfig;
import dev.baton.proxy.VaultProxy;
import dev.baton.proxy.secrets.SecretStore;
import dev.baton.reviewer.ReviewerAgent;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform as operators meet it, in this JVM: vault proxy (engineer calls priced, so budgets bite), the
 * coordinator with an approval gate on {@code db/migrations/**} and its HTTP API and dashboard, and the three agents.
 */
public final class OperatorPlatform implements AutoCloseable {
    public static final String OPERATOR_TOKEN = "dashboard-it-operator-token-0123";
    /** The token of operator {@code dana}, beside the shared one (operator {@code operator}). */
    public static final String DANA_TOKEN = "dashboard-it-dana-token-0123456";
    private static final String TOKEN_KEY = "it-token-key-0123456789abcdef0123456789abcdef";
    private static final String GATES = "{\"rules\":[{\"name\":\"migrations\",\"stage\":\"before-implementing\","
            + "\"paths\":[\"db/migrations/**\"]}]}";

    final VaultProxy proxy;
    public final Coordinator coordinator;
    final Vertx vertx = Vertx.vertx();
    final ApiVerticle api;
    private final List<AgentService> agents = new ArrayList<>();

    public OperatorPlatform(String bootstrap, String redisUri, String modelUrl, Path dir) throws Exception {
        var common = Map.of("BATON_KAFKA_BOOTSTRAP", bootstrap, "BATON_REDIS_URI", redisUri);
        var proxyEnv = new HashMap<>(common);
        proxyEnv.putAll(Map.of("BATON_PROXY_PORT", "0", "BATON_PROXY_UPSTREAM_URL", modelUrl,
                "BATON_PROXY_UPSTREAM_KEY_SECRET", "upstream-key", "BATON_PROXY_MODEL_PM", "pm",
                "BATON_PROXY_MODEL_ENGINEER", "engineer", "BATON_PROXY_MODEL_REVIEWER", "reviewer",
                "BATON_PROXY_PRICE_ENGINEER_INPUT", "1", "BATON_PROXY_PRICE_ENGINEER_OUTPUT", "2"));
        proxy = VaultProxy.start(ProxyConfig.load(new ConfigSource(proxyEnv, null)),
                SecretStore.of(Map.of("upstream-key", "sk-dashboard-it-0123456789", "token_key", TOKEN_KEY)));
        Path gates = Files.writeString(dir.resolve("gates.json"), GATES);
        var coordinatorEnv = new HashMap<>(common);
        coordinatorEnv.putAll(Map.of("BATON_COORDINATOR_PORT", "0", "BATON_COORDINATOR_OPERATOR_TOKEN", OPERATOR_TOKEN,
                "BATON_COORDINATOR_OPERATORS", "dana=" + DANA_TOKEN, "BATON_GATES_FILE", gates.toString()));
        CoordinatorConfig config = CoordinatorConfig.load(new ConfigSource(coordinatorEnv, null));
        coordinator = new Coordinator(config, new TaskTokens(TOKEN_KEY, Clock.systemUTC())::mint);
        api = new ApiVerticle(config, coordinator.blackboard(), coordinator::healthy, coordinator.metrics());
        vertx.deployVerticle(api).await();
        for (Role role : Role.values()) {
            var agent = new AgentConfig(role, bootstrap, redisUri, proxy.baseUrl(), 10, Duration.ofSeconds(30),
                    dir.resolve("work").resolve(role.id()));
            agents.add(new AgentService(agent, switch (role) {
                case PM -> new PmAgent(agent);
                case ENGINEER -> new EngineerAgent(agent);
                case REVIEWER -> new ReviewerAgent(agent);
            }));
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + api.actualPort() + path;
    }

    @Override
    public void close() throws Exception {
        for (AgentService agent : agents) {
            agent.close();
        }
        vertx.close().await();
        coordinator.close();
        proxy.close();
    }
}
