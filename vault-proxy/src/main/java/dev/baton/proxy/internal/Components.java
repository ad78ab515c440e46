package dev.baton.proxy.internal;

import dev.baton.protocol.kafka.KafkaClients;
import dev.baton.protocol.token.TaskTokens;
import dev.baton.proxy.ProxyConfig;
import dev.baton.proxy.Upstream;
import dev.baton.proxy.audit.AuditLog;
import dev.baton.proxy.audit.Metrics;
import dev.baton.proxy.budget.BudgetGuard;
import dev.baton.proxy.budget.BudgetStore;
import dev.baton.proxy.chat.ChatHandler;
import dev.baton.proxy.chat.UpstreamClient;
import dev.baton.proxy.git.GitForwarder;
import dev.baton.proxy.git.GitHandler;
import dev.baton.proxy.git.GitWiring;
import dev.baton.proxy.replay.ReplayUpstream;
import dev.baton.proxy.secrets.Redactor;
import dev.baton.proxy.secrets.SecretStore;
import dev.baton.proxy.token.TokenAuthenticator;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** Builds the proxy's parts from its configuration and secrets, and closes them in reverse order. */
public final class Components implements AutoCloseable {
    public static final String TOKEN_KEY_SECRET = "token_key";

    private final RedisClient redisClient;
    private final StatefulRedisConnection<String, String> redis;
    private final AuditLog audit;
    private final ChatHandler chat;
    private final GitHandler git;
    private final Metrics metrics = new Metrics();

    public Components(Vertx vertx, ProxyConfig config, SecretStore secrets) {
        Map<String, String> keys = upstreamKeys(config, secrets);
        TaskTokens tokens = new TaskTokens(secret(secrets, TOKEN_KEY_SECRET, "the task token signing key, the "
                + "same as the coordinator's, at least " + TaskTokens.MIN_KEY_BYTES + " bytes"), Clock.systemUTC());
        redisClient = RedisClient.create(config.redisUri());
        try {
            redis = redisClient.connect();
        } catch (RuntimeException e) {
            redisClient.shutdown();
            throw new IllegalStateException("cannot connect to Redis (redis.uri): " + e.getMessage()
                    + "; start Redis or fix BATON_REDIS_URI", e);
        }
        BudgetStore budgets = new BudgetStore(redis.sync());
        config.budgetDefaults().forEach(budgets::seed);
        audit = new AuditLog(KafkaClients.producer(config.kafkaBootstrap(), "vault-proxy"), redis.async(),
                config.auditBodyTtl());
        var client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(256));
        chat = new ChatHandler(new ChatHandler.Deps(config, new TokenAuthenticator(tokens, redis.async()),
                new UpstreamClient(client, config.upstreams(), keys),
                new BudgetGuard(redis.async(), Clock.systemUTC(), config.defaultMaxTokens()),
                Redactor.of(secrets), audit, metrics, config.maxTokensField(),
                new ReplayUpstream(redis.async(), audit, config.auditBodyTtl())));
        git = GitWiring.handler(config.git(), secrets, new TokenAuthenticator(tokens, redis.async()),
                new GitForwarder(client), metrics, audit);
    }

    public GitHandler git() {
        return git;
    }

    public ChatHandler chat() {
        return chat;
    }

    public Metrics metrics() {
        return metrics;
    }

    /** A Redis PING on the proxy's connection: what {@code /healthz} checks (budgets and tokens need Redis). */
    public CompletionStage<String> pingRedis() {
        return redis.async().ping();
    }

    private static Map<String, String> upstreamKeys(ProxyConfig config, SecretStore secrets) {
        Map<String, String> keys = new HashMap<>();
        for (Upstream upstream : config.upstreams().values()) {
            upstream.keySecret().ifPresent(name -> keys.put(upstream.name(), secret(secrets, name,
                    "the API key of upstream '" + upstream.name() + "' (for an upstream without auth set proxy.upstream."
                            + upstream.name() + ".key-secret=none)")));
        }
        return keys;
    }

    static String secret(SecretStore secrets, String name, String what) {
        return secrets.find(name).orElseThrow(() -> new IllegalStateException("secret " + name + " is missing: "
                + what + "; set env " + SecretStore.envName(name) + " or put " + name + "=... in the secrets file"));
    }

    @Override
    public void close() {
        audit.close();
        redis.close();
        redisClient.shutdown();
    }
}
