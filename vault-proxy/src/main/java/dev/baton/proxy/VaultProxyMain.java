package dev.baton.proxy;

import dev.baton.protocol.config.ConfigSource;
import dev.baton.proxy.secrets.Redactor;
import dev.baton.proxy.secrets.RedactingStream;
import dev.baton.proxy.secrets.SecretStore;
import dev.baton.telemetry.log.Logs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault proxy service: configuration from the environment, secrets from the {@link SecretStore}. Every
 * line written to standard output and error (all logs, JSON lines naming the service {@code vault-proxy}) is
 * redacted. Exits with status 2 on a configuration,
 * secret or startup error, after logging what to fix.
 */
public final class VaultProxyMain {
    private VaultProxyMain() {}

    public static void main(String[] args) {
        Logs.identify("vault-proxy", null);
        Logger log = LoggerFactory.getLogger(VaultProxyMain.class);
        SecretStore secrets;
        try {
            secrets = SecretStore.fromEnvironment();
        } catch (RuntimeException e) {
            log.error("vault proxy not started: {}", e.getMessage());
            System.exit(2);
            return;
        }
        RedactingStream.install(Redactor.of(secrets));
        Logs.mask(secrets.values());
        VaultProxy proxy;
        try {
            proxy = VaultProxy.start(ProxyConfig.load(ConfigSource.fromEnvironment()), secrets);
        } catch (RuntimeException e) {
            log.error("vault proxy not started: {}", e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            proxy.close();
            log.info("vault proxy stopped");
        }, "vault-proxy-shutdown"));
    }
}
