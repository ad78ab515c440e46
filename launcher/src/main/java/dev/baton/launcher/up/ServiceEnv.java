package dev.baton.launcher.up;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment of each service. Only the vault proxy gets secrets ({@code BATON_SECRET_*}) and upstream
 * settings ({@code BATON_PROXY_*}); agents get Kafka, Redis and the proxy's URL, nothing else.
 */
final class ServiceEnv {
    /** The name of the provider key secret of the scripted demo model. */
    static final String DEMO_SECRET = "upstream-key";

    private ServiceEnv() {}

    /** A fresh random signing key for task tokens, held by the coordinator and the proxy only. */
    static String newTokenKey() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    static Map<String, String> coordinator(Map<String, String> common, int port, String tokenKey) {
        var env = new HashMap<>(common);
        env.put("BATON_COORDINATOR_PORT", Integer.toString(port));
        env.put("BATON_SECRET_TOKEN_KEY", tokenKey);
        return env;
    }

    static Map<String, String> coordinator(Map<String, String> common, int port, String tokenKey,
            String operatorToken) {
        var env = coordinator(common, port, tokenKey);
        env.put("BATON_COORDINATOR_OPERATOR_TOKEN", operatorToken);
        return env;
    }

    /**
     * The operator token of the coordinator's API: the user's {@code BATON_COORDINATOR_OPERATOR_TOKEN} when it is
     * long enough, else a fresh random one.
     */
    static String operatorToken(Map<String, String> user) {
        String given = user.get("BATON_COORDINATOR_OPERATOR_TOKEN");
        if (given != null && given.trim().length() >= 16) {
            return given.trim();
        }
        return "bop-" + newTokenKey().substring(0, 40);
    }

    static Map<String, String> proxy(Map<String, String> user, Map<String, String> common, int port, String modelUrl,
            boolean scripted, String tokenKey) {
        var env = new HashMap<>(common);
        env.put("BATON_SECRET_TOKEN_KEY", tokenKey);
        user.forEach((k, v) -> {
            if (k.startsWith("BATON_PROXY_") || k.startsWith("BATON_SECRET_") || k.equals("BATON_SECRETS_FILE")) {
                env.put(k, v);
            }
        });
        env.put("BATON_PROXY_PORT", Integer.toString(port));
        if (scripted) {
            env.put("BATON_PROXY_UPSTREAM_URL", modelUrl);
            env.put("BATON_PROXY_UPSTREAM_KEY_SECRET", DEMO_SECRET);
            env.put("BATON_SECRET_UPSTREAM_KEY", "sk-demo-" + newTokenKey().substring(0, 24));
            for (String role : new String[] {"PM", "ENGINEER", "REVIEWER"}) {
                env.put("BATON_PROXY_MODEL_" + role, role.toLowerCase());
            }
        }
        return env;
    }

    static Map<String, String> agent(Map<String, String> common, String proxyUrl, Path workDir, int metricsPort) {
        var env = new HashMap<>(common);
        env.put("BATON_PROXY_URL", proxyUrl);
        env.put("BATON_AGENT_WORK_DIR", workDir.toString());
        env.put("BATON_AGENT_HEALTH_PORT", Integer.toString(metricsPort));
        return env;
    }

    /** What every service gets: Kafka, Redis, and the user's log settings ({@code BATON_LOG_*}), if any. */
    static Map<String, String> common(Map<String, String> user, String kafka, String redis) {
        var env = new HashMap<>(Map.of("BATON_KAFKA_BOOTSTRAP", kafka, "BATON_REDIS_URI", redis));
        for (String key : List.of("BATON_LOG_FORMAT", "BATON_LOG_LEVEL", "BATON_LOG_LEVELS")) {
            if (user.get(key) != null) {
                env.put(key, user.get(key));
            }
        }
        return Map.copyOf(env);
    }
}
