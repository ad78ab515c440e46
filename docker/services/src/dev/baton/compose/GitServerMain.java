package dev.baton.compose;

import dev.baton.testkit.GitFixture;
import dev.baton.testkit.GitHttpServer;
import dev.baton.testkit.GitRepo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The CI's git host (docker/compose/ci.yml): a real smart-HTTP git server ({@code git http-backend}, the
 * testkit's {@link GitHttpServer}) demanding one Basic credential, on the vault proxy's egress network only, so
 * the agents reach the repository solely through the proxy's git relay, which holds the credential.
 *
 * <p>Environment: {@code GIT_SERVER_CREDENTIAL} ({@code user:password}, required), {@code GIT_SERVER_REPOS}
 * (comma-separated bare repositories to create, each with a README on {@code main}; default {@code demo}),
 * {@code GIT_SERVER_PORT} (8000), {@code GIT_SERVER_DIR} ({@code /tmp/repos}). A repository is served at
 * {@code /<name>.git}.
 */
public final class GitServerMain {
    private GitServerMain() {}

    public static void main(String[] args) throws IOException {
        var env = System.getenv();
        String credential = env.getOrDefault("GIT_SERVER_CREDENTIAL", "");
        int colon = credential.indexOf(':');
        if (colon <= 0 || colon == credential.length() - 1) {
            System.err.println("git-server: set GIT_SERVER_CREDENTIAL to user:password");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(env.getOrDefault("GIT_SERVER_DIR", "/tmp/repos")));
        GitRepo first = null;
        for (String name : env.getOrDefault("GIT_SERVER_REPOS", "demo").split(",")) {
            if (!name.isBlank()) {
                String repoName = name.strip();
                GitRepo repo = GitFixture.createBare(dir, repoName + ".git",
                        Map.of("README.md", "# " + repoName + "\n"));
                first = first == null ? repo : first;
            }
        }
        if (first == null) {
            System.err.println("git-server: GIT_SERVER_REPOS names no repository");
            System.exit(2);
        }
        // one server serves every repository of the directory: http-backend picks the one the path names
        var server = new GitHttpServer(first, credential.substring(0, colon), credential.substring(colon + 1));
        int port = Integer.parseInt(env.getOrDefault("GIT_SERVER_PORT", "8000"));
        System.out.println("git-server: repositories of " + dir + " on :" + port + "/<name>.git");
        TcpRelay.serve(port, InetAddress.getLoopbackAddress().getHostAddress(), URI.create(server.url()).getPort());
    }
}
