package dev.baton.proxy.git;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * One repository agents may clone, fetch and push through the relay, at
 * {@code http://PROXY/git/<name>}.
 *
 * @param url              the repository's smart HTTP URL, e.g. {@code https://github.com/org/repo.git}
 * @param credentialSecret the secret holding its credential ({@code user:password}, or a bare token sent as
 *                         {@code x-access-token:<token>}), or empty for a repository without auth
 */
public record GitRemote(String name, URI url, Optional<String> credentialSecret) {
    public GitRemote {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(credentialSecret, "credentialSecret");
    }

    /** The absolute URL of {@code path} (e.g. {@code /info/refs}) on the repository. */
    public String url(String path) {
        String base = url.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }
}
