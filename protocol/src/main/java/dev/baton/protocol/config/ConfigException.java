package dev.baton.protocol.config;

/** A configuration value that is missing or invalid: names the key, its env var, what is wrong and the fix. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String key, String problem, String fix) {
        super("configuration " + key + " (env " + ConfigSource.envName(key) + ") " + problem + ": " + fix);
    }
}
