package dev.baton.proxy;

import dev.baton.protocol.config.ConfigSource;
import dev.baton.proxy.secrets.SecretStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The vault proxy service: configuration from the environment, secrets from the {@link SecretStore}. */
public final class VaultProxyMain {
    private static final Logger LOG = LoggerFactory.getLogger(VaultProxyMain.class);

    private VaultProxyMain() {}

    public static void main(String[] args) {
        VaultProxy proxy;
        try {
            proxy = VaultProxy.start(ProxyConfig.load(ConfigSource.fromEnvironment()), SecretStore.fromEnvironment());
        } catch (RuntimeException e) {
            LOG.error("vault proxy not started: {}", e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(proxy::close, "vault-proxy-shutdown"));
    }
}
