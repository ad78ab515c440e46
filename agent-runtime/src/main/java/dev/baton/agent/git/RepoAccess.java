package dev.baton.agent.git;

import dev.baton.protocol.WorkOrder;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How an agent reaches a ticket's repository. A repository named by a bare remote name (e.g. {@code app}) is
 * reached through the vault proxy's git relay at {@code <proxy>/git/<name>}: the agent presents its task token
 * and the proxy adds the real credential, so the agent never holds one. Anything else (a local path, a
 * {@code file://} or credential-free URL) is cloned directly: meant for local development.
 *
 * @param environment git configuration passed through the environment ({@code GIT_CONFIG_*}), so the token
 *                    is neither on a command line nor stored in the clone's {@code .git/config}
 */
public record RepoAccess(String url, Map<String, String> environment) {
    private static final Pattern REMOTE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    public RepoAccess {
        environment = Map.copyOf(environment);
    }

    public static RepoAccess direct(String url) {
        return new RepoAccess(url, Map.of("GIT_TERMINAL_PROMPT", "0"));
    }

    /** The access for {@code order}'s repository, through the relay of the proxy at {@code proxyUrl} when named. */
    public static RepoAccess of(WorkOrder order, String proxyUrl) {
        String repo = order.ticket().repo();
        if (!REMOTE_NAME.matcher(repo).matches()) {
            return direct(repo);
        }
        return new RepoAccess(proxyUrl.replaceAll("/+$", "") + "/git/" + repo, Map.of(
                "GIT_TERMINAL_PROMPT", "0",
                "GIT_CONFIG_COUNT", "1",
                "GIT_CONFIG_KEY_0", "http.extraHeader",
                "GIT_CONFIG_VALUE_0", "Authorization: Bearer " + order.token()));
    }
}
