package dev.baton.proxy.git;

import dev.baton.protocol.secrets.DiffSecretScanner;
import dev.baton.proxy.ProxyConfig;
import dev.baton.proxy.audit.AuditLog;
import dev.baton.proxy.audit.Metrics;
import dev.baton.proxy.secrets.SecretStore;
import dev.baton.proxy.token.Authenticator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Builds the git relay from its configuration, resolving each remote's credential from the secrets. */
public final class GitWiring {
    private GitWiring() {}

    /** @throws IllegalStateException naming the secret and its env var when a remote's credential is missing */
    public static GitHandler handler(ProxyConfig.GitRelay config, SecretStore secrets, Authenticator authenticator,
            GitForwarder forwarder, Metrics metrics, AuditLog audit) {
        Map<String, String> authorizations = new HashMap<>();
        for (GitRemote remote : config.remotes().values()) {
            remote.credentialSecret().ifPresent(name -> authorizations.put(remote.name(), basic(secrets.find(name)
                    .orElseThrow(() -> new IllegalStateException("secret " + name + " is missing: the credential of "
                            + "git remote '" + remote.name() + "' (user:password or a token); set env "
                            + SecretStore.envName(name) + ", or proxy.git.remote." + remote.name()
                            + ".credential-secret=none")))));
        }
        var inspector = new PushInspector(config.workDir(), new DiffSecretScanner(secrets.values()));
        return new GitHandler(config.remotes(), authorizations, authenticator, forwarder, inspector, metrics, audit,
                config.maxPushBytes());
    }

    private static String basic(String credential) {
        String pair = credential.contains(":") ? credential : "x-access-token:" + credential;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
