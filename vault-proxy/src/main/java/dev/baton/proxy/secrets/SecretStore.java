package dev.baton.proxy.secrets;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where the proxy's secrets come from: provider API keys, git credentials, the token signing key. The
 * proxy is the only Baton process that reads them; nothing else gets a {@code SecretStore}.
 *
 * <p>Names are case-insensitive ({@code provider_key} and {@code PROVIDER_KEY} are the same secret).
 * Implementations must be thread-safe and must never log a value. A store that cannot be read fails at
 * construction with a {@link SecretStoreException} that says what to fix; lookups never throw.
 */
public interface SecretStore {

    /** The value of secret {@code name}, or empty if this store does not hold it. */
    Optional<String> find(String name);

    /** Every value this store holds, so the redactor can mask them wherever they appear. */
    Collection<String> values();

    /**
     * The standard store: environment variables {@code BATON_SECRET_<NAME>} first, then the secrets file
     * named by {@code BATON_SECRETS_FILE} if set (see {@link SecretsFile}), which must be readable by its
     * owner only.
     *
     * @throws SecretStoreException if the file is missing, unreadable, malformed or its permissions are
     *     looser than 0600
     */
    static SecretStore fromEnvironment(Map<String, String> env) {
        SecretStore fromEnv = MapSecretStore.fromEnvVars(env);
        String file = env.get(SecretsFile.ENV);
        if (file == null || file.isBlank()) {
            return fromEnv;
        }
        return new ChainedSecretStore(List.of(fromEnv, SecretsFile.load(Path.of(file))));
    }

    /** {@link #fromEnvironment(Map)} of this process's environment. */
    static SecretStore fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** A fixed set of secrets, e.g. for tests or an embedding program. */
    static SecretStore of(Map<String, String> secrets) {
        return new MapSecretStore(secrets);
    }

    /** The environment variable that holds secret {@code name}, e.g. {@code BATON_SECRET_PROVIDER_KEY}. */
    static String envName(String name) {
        return MapSecretStore.ENV_PREFIX + normalize(name).toUpperCase(Locale.ROOT);
    }

    /** The canonical form of a secret name: lower case, {@code -} and {@code .} as {@code _}. */
    static String normalize(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }
}
