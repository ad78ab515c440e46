package dev.baton.proxy.internal;

import dev.baton.protocol.config.ConfigException;
import dev.baton.protocol.config.ConfigSource;
import dev.baton.proxy.ProxyConfig;
import dev.baton.proxy.git.GitRemote;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Reads the git relay's keys: {@code proxy.git.remotes}, {@code proxy.git.remote.<name>.*}, limits. */
final class GitConfigLoader {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private GitConfigLoader() {}

    static ProxyConfig.GitRelay load(ConfigSource source) {
        Map<String, GitRemote> remotes = new LinkedHashMap<>();
        for (String name : List.of(source.string("proxy.git.remotes", "").split(","))) {
            name = name.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!NAME.matcher(name).matches()) {
                throw new ConfigException("proxy.git.remotes", "has name '" + name + "'",
                        "use lower-case letters, digits, - and _");
            }
            String prefix = "proxy.git.remote." + name + ".";
            String url = source.required(prefix + "url", "set the repository's smart HTTP URL");
            URI uri = URI.create(url.trim());
            if (uri.getHost() == null || !List.of("http", "https").contains(uri.getScheme())) {
                throw new ConfigException(prefix + "url", "is '" + url + "'", "use an absolute http(s) URL");
            }
            String secret = source.string(prefix + "credential-secret", "git_credential_" + name);
            remotes.put(name, new GitRemote(name, uri,
                    secret.equalsIgnoreCase("none") ? Optional.empty() : Optional.of(secret)));
        }
        // by default each proxy gets its own cache, so two proxies never inspect pushes in one repository
        Path workDir = Path.of(source.string("proxy.git.work-dir", Path.of(System.getProperty("java.io.tmpdir"),
                "baton-git-relay-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID()).toString()));
        return new ProxyConfig.GitRelay(remotes, workDir,
                source.integer("proxy.git.max-push-bytes", 100 << 20, 1024, Integer.MAX_VALUE));
    }
}
