package dev.baton.protocol.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The one way every service reads its configuration: an environment variable beats a JSON file beats the
 * default. Key {@code redis.uri} is env {@code BATON_REDIS_URI} and JSON path {@code redis.uri} in the file
 * named by {@code BATON_CONFIG}. Invalid values fail with a {@link ConfigException} naming the key and the fix.
 */
public final class ConfigSource {
    private final Map<String, String> env;
    private final JsonNode file;

    public ConfigSource(Map<String, String> env, JsonNode file) {
        this.env = Map.copyOf(env);
        this.file = file;
    }

    /** The process environment plus the file named by {@code BATON_CONFIG}, if set. */
    public static ConfigSource fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static ConfigSource fromEnvironment(Map<String, String> env) {
        String path = env.get("BATON_CONFIG");
        if (path == null || path.isBlank()) {
            return new ConfigSource(env, Json.MAPPER.createObjectNode());
        }
        try {
            return new ConfigSource(env, Json.MAPPER.readTree(Files.readAllBytes(Path.of(path))));
        } catch (IOException e) {
            throw new ConfigException("BATON_CONFIG", "cannot read " + path + ": " + e.getMessage(),
                    "point BATON_CONFIG at a readable JSON file or unset it");
        }
    }

    public static String envName(String key) {
        return "BATON_" + key.toUpperCase().replace('.', '_').replace('-', '_');
    }

    public Optional<String> find(String key) {
        String fromEnv = env.get(envName(key));
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(fromEnv);
        }
        JsonNode node = file;
        for (String part : key.split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        return node == null || node.isNull() || node.isContainerNode() ? Optional.empty() : Optional.of(node.asText());
    }

    /**
     * A map of names to values: env {@code name=value,name=value}, or a JSON object of strings in the file. Empty
     * when unset.
     *
     * @throws ConfigException naming the key when an entry has no name or no value
     */
    public Map<String, String> map(String key) {
        String fromEnv = env.get(envName(key));
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (fromEnv != null && !fromEnv.isBlank()) {
            String[] entries = fromEnv.split(",");
            for (int i = 0; i < entries.length; i++) {
                String entry = entries[i];
                int eq = entry.indexOf('=');
                if (eq <= 0 || eq == entry.length() - 1 || entry.substring(0, eq).isBlank()) {
                    // the entry is not quoted: its value may be a secret
                    throw new ConfigException(key, "entry " + (i + 1) + " is not name=value",
                            "write it as name=value,name=value");
                }
                out.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
            }
            return out;
        }
        JsonNode node = file;
        for (String part : key.split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new ConfigException(key, "is not a JSON object", "write it as {\"name\": \"value\", …}");
        }
        for (var field : node.properties()) {
            if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                throw new ConfigException(key, "has a non-text value for '" + field.getKey() + "'",
                        "give every name a string value");
            }
            out.put(field.getKey(), field.getValue().asText());
        }
        return out;
    }

    public String string(String key, String fallback) {
        return find(key).orElse(fallback);
    }

    public String required(String key, String fix) {
        return find(key).orElseThrow(() -> new ConfigException(key, "is not set", fix));
    }

    public int integer(String key, int fallback, int min, int max) {
        String value = find(key).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the accepted range
        }
        throw new ConfigException(key, "is '" + value + "'", "set a whole number from " + min + " to " + max);
    }

    /** A duration such as {@code 30s}, {@code 5m}, {@code 250ms} or ISO-8601 {@code PT30S}. */
    public Duration duration(String key, Duration fallback) {
        String value = find(key).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, "is '" + value + "'", "use a duration like 30s, 5m, 250ms or PT30S");
        }
    }
}
