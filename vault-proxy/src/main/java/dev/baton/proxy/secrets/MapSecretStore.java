package dev.baton.proxy.secrets;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable map of secrets. Thread-safe. */
final class MapSecretStore implements SecretStore {
    static final String ENV_PREFIX = "BATON_SECRET_";

    private final Map<String, String> secrets;

    MapSecretStore(Map<String, String> secrets) {
        Map<String, String> normalized = new HashMap<>();
        secrets.forEach((name, value) -> {
            if (value != null && !value.isEmpty()) {
                normalized.put(SecretStore.normalize(name), value);
            }
        });
        this.secrets = Map.copyOf(normalized);
    }

    static MapSecretStore fromEnvVars(Map<String, String> env) {
        Map<String, String> found = new HashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                found.put(name.substring(ENV_PREFIX.length()), value);
            }
        });
        return new MapSecretStore(found);
    }

    @Override
    public Optional<String> find(String name) {
        return Optional.ofNullable(secrets.get(SecretStore.normalize(name)));
    }

    @Override
    public Collection<String> values() {
        return List.copyOf(secrets.values());
    }

    @Override
    public String toString() {
        return "secrets" + secrets.keySet();
    }
}
