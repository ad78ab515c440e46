package dev.baton.launcher.up;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@link ServiceEnv} for tests in other packages (the chaos harness restarts services one by one, so it builds
 * each service's environment itself, exactly as {@code baton up} does).
 */
public final class ServiceEnvAccess {
    private ServiceEnvAccess() {}

    public static String newTokenKey() {
        return ServiceEnv.newTokenKey();
    }

    public static Map<String, String> coordinator(Map<String, String> common, int port, String tokenKey) {
        return ServiceEnv.coordinator(common, port, tokenKey);
    }

    /** The proxy's environment for the scripted model at {@code modelUrl}. */
    public static Map<String, String> scriptedProxy(Map<String, String> common, int port, String modelUrl,
            String tokenKey) {
        return ServiceEnv.proxy(Map.of(), common, port, modelUrl, true, tokenKey);
    }

    public static Map<String, String> agent(Map<String, String> common, String proxyUrl, Path workDir) {
        return ServiceEnv.agent(common, proxyUrl, workDir, 0);
    }
}
