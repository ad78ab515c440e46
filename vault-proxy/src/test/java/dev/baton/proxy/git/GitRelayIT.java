package dev.baton.proxy.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.Role;
import dev.baton.protocol.token.TokenRevocation;
import dev.baton.proxy.ProxyHarnessAccess;
import dev.baton.testkit.Git;
import dev.baton.testkit.GitFixtures;
import dev.baton.testkit.GitHttpServer;
import dev.baton.testkit.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("git relay")
class GitRelayIT {
    static final String REMOTE_PASSWORD = "remote-password-0123456789";
    static GitFixtures fixtures;
    static GitRepo repo;
    static GitHttpServer remote;
    static ProxyHarnessAccess harness;

    @BeforeAll
    static void start() throws Exception {
        fixtures = GitFixtures.inTempDir();
        repo = fixtures.createBare("app", Map.of("README.md", "# app\n"));
        remote = new GitHttpServer(repo, "bot", REMOTE_PASSWORD);
        harness = ProxyHarnessAccess.start(Map.of("BATON_PROXY_GIT_REMOTES", "app",
                        "BATON_PROXY_GIT_REMOTE_APP_URL", remote.url(),
                        "BATON_PROXY_GIT_WORK_DIR", fixtures.dir().resolve("relay").toString()),
                Map.of("git_credential_app", "bot:" + REMOTE_PASSWORD));
    }

    @AfterAll
    static void stop() {
        harness.close();
        remote.close();
        fixtures.close();
    }

    static String relayUrl() {
        return harness.baseUrl() + "/git/app";
    }

    static Git.Result git(Path dir, String token, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-c";
        all[1] = "http.extraHeader=Authorization: Bearer " + token;
        System.arraycopy(args, 0, all, 2, args.length);
        return Git.execute(dir, all);
    }

    static Path cloneAs(String token, String name) {
        Git.Result result = git(fixtures.dir(), token, "clone", "-q", relayUrl(), name);
        assertThat(result.ok()).as(result.stderr()).isTrue();
        return fixtures.dir().resolve(name);
    }

    static java.util.List<dev.baton.protocol.GitCall> gitCalls(String ticket) {
        return dev.baton.testkit.TopicRecords.readAll(dev.baton.testkit.KafkaBroker.shared().bootstrapServers(),
                        dev.baton.protocol.Topics.EVENTS).stream()
                .map(r -> dev.baton.protocol.Codec.decode(r.value(), dev.baton.protocol.Payload.EventMessage.class))
                .filter(d -> d instanceof dev.baton.protocol.Decoded.Ok ok
                        && ok.payload() instanceof dev.baton.protocol.GitCall c && c.ticketId().equals(ticket))
                .map(d -> (dev.baton.protocol.GitCall) ((dev.baton.protocol.Decoded.Ok) d).payload())
                .toList();
    }

    static void commit(Path work, String file, String content) throws Exception {
        Files.createDirectories(work.resolve(file).getParent());
        Files.writeString(work.resolve(file), content);
        Git.run(work, "add", "-A");
        Git.run(work, "commit", "-q", "-m", "change " + file);
    }

    @Nested
    @DisplayName("reading")
    class Reading {
        @Test
        void shouldCloneWithTheCredentialAddedByTheProxy() throws Exception {
            Path work = cloneAs(harness.token(Role.PM, ProxyHarnessAccess.ticket()), "pm-clone");

            assertThat(Files.readString(work.resolve("README.md"))).isEqualTo("# app\n");
            assertThat(remote.authorizations()).isNotEmpty().allMatch(a -> a.startsWith("Basic "));
        }

        @Test
        void shouldRefuseACloneWithARevokedToken() throws Exception {
            String ticket = ProxyHarnessAccess.ticket();
            String token = harness.token(Role.REVIEWER, ticket);
            harness.redis().set(TokenRevocation.ticketKey(ticket), TokenRevocation.cutoff(Instant.now()));

            Git.Result result = git(fixtures.dir(), token, "clone", "-q", relayUrl(), "revoked-clone");
            var raw = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(relayUrl() + "/info/refs?service=git-upload-pack"))
                    .header("Authorization", "Bearer " + token).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());

            assertThat(result.ok()).isFalse();
            assertThat(Files.exists(fixtures.dir().resolve("revoked-clone"))).isFalse();
            assertThat(raw.statusCode()).isEqualTo(401);
            assertThat(raw.body()).contains("token_revoked");
        }
    }

    @Nested
    @DisplayName("refusing what no git client sends")
    class Refusing {
        static java.net.http.HttpResponse<String> send(String method, String path, String contentType, String body)
                throws Exception {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(relayUrl() + path))
                    .header("Authorization", "Bearer " + harness.token(Role.ENGINEER, ProxyHarnessAccess.ticket()))
                    .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body));
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            return java.net.http.HttpClient.newHttpClient().send(request.build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        }

        @Test
        void shouldAnswer405WithAJsonErrorWhenTheMethodIsNotTheOneSmartHttpUses() throws Exception {
            int before = remote.authorizations().size();

            var put = send("PUT", "/git-receive-pack", "application/x-git-receive-pack-request", "0000");
            var delete = send("DELETE", "/info/refs?service=git-upload-pack", null, "");

            assertThat(put.statusCode()).isEqualTo(405);
            assertThat(put.headers().firstValue("Allow")).hasValue("POST");
            assertThat(put.body()).contains("\"code\":\"method_not_allowed\"");
            assertThat(delete.statusCode()).isEqualTo(405);
            assertThat(delete.headers().firstValue("Allow")).hasValue("GET");
            assertThat(remote.authorizations()).as("nothing reached the remote").hasSize(before);
        }

        @Test
        void shouldAnswer415NamingTheTypeWhenAServiceRequestIsNotSentAsGitSendsIt() throws Exception {
            var wrongType = send("POST", "/git-upload-pack", "text/plain", "0000");

            assertThat(wrongType.statusCode()).isEqualTo(415);
            assertThat(wrongType.body()).isEqualTo("baton: unsupported_media_type: a git-upload-pack request must be "
                    + "sent as application/x-git-upload-pack-request\n");
        }
    }

    @Nested
    @DisplayName("pushing")
    class Pushing {
        @Test
        void shouldPushTheTicketBranchOfAnEngineerToken() throws Exception {
            String ticket = ProxyHarnessAccess.ticket();
            String token = harness.token(Role.ENGINEER, ticket);
            Path work = cloneAs(token, "push-ok-" + ticket);
            commit(work, "feature.txt", "feature\n");

            Git.Result push = git(work, token, "push", "-q", "origin", "HEAD:refs/heads/baton/" + ticket);

            assertThat(push.ok()).as(push.stderr()).isTrue();
            assertThat(repo.fileAt("baton/" + ticket, "feature.txt")).hasValue("feature\n");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(gitCalls(ticket)).extracting(c -> c.operation() + " " + c.outcome())
                            .contains("fetch relayed", "push relayed"));
        }

        @Test
        void shouldRefuseAPushWithAPmToken() throws Exception {
            String ticket = ProxyHarnessAccess.ticket();
            String token = harness.token(Role.PM, ticket);
            Path work = cloneAs(token, "pm-push-" + ticket);
            commit(work, "plan.txt", "plan\n");

            Git.Result push = git(work, token, "push", "origin", "HEAD:refs/heads/baton/" + ticket);

            assertThat(push.ok()).isFalse();
            assertThat(push.stderr()).contains("403");
            assertThat(repo.head("baton/" + ticket)).isEmpty();
        }

        @Test
        void shouldRefuseAPushToAnotherTicketsBranch() throws Exception {
            String mine = ProxyHarnessAccess.ticket();
            String theirs = ProxyHarnessAccess.ticket();
            String token = harness.token(Role.ENGINEER, mine);
            Path work = cloneAs(token, "cross-" + mine);
            commit(work, "x.txt", "x\n");

            Git.Result push = git(work, token, "push", "origin", "HEAD:refs/heads/baton/" + theirs);

            assertThat(push.ok()).isFalse();
            assertThat(push.stderr()).contains("may push only to refs/heads/baton/" + mine);
            assertThat(repo.head("baton/" + theirs)).isEmpty();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(gitCalls(mine)).anySatisfy(c -> {
                        assertThat(c.operation() + " " + c.outcome()).isEqualTo("push refused");
                        assertThat(c.detail()).contains("may push only to refs/heads/baton/" + mine);
                    }));
        }

        @Test
        void shouldRefuseAForcePushAndADelete() throws Exception {
            String ticket = ProxyHarnessAccess.ticket();
            String token = harness.token(Role.ENGINEER, ticket);
            Path work = cloneAs(token, "force-" + ticket);
            commit(work, "a.txt", "a\n");
            assertThat(git(work, token, "push", "-q", "origin", "HEAD:refs/heads/baton/" + ticket).ok()).isTrue();
            String head = repo.head("baton/" + ticket).orElseThrow();
            Git.run(work, "reset", "-q", "--hard", "HEAD~1");
            commit(work, "b.txt", "b\n");

            Git.Result force = git(work, token, "push", "--force", "origin", "HEAD:refs/heads/baton/" + ticket);
            Git.Result delete = git(work, token, "push", "origin", ":refs/heads/baton/" + ticket);

            assertThat(force.ok()).isFalse();
            assertThat(force.stderr()).contains("force push refused");
            assertThat(delete.ok()).isFalse();
            assertThat(delete.stderr()).contains("deleting refs/heads/baton/" + ticket + " is not allowed");
            assertThat(repo.head("baton/" + ticket)).hasValue(head);
        }

        @Test
        void shouldRefuseAPushCarryingAPrivateKeyAndNameWhereItIs() throws Exception {
            String ticket = ProxyHarnessAccess.ticket();
            String token = harness.token(Role.ENGINEER, ticket);
            Path work = cloneAs(token, "pem-" + ticket);
            commit(work, "deploy/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n"
                    + "-----END OPENSSH PRIVATE KEY-----\n");

            Git.Result push = git(work, token, "push", "origin", "HEAD:refs/heads/baton/" + ticket);

            assertThat(push.ok()).isFalse();
            assertThat(push.stderr()).contains("secret found").contains("deploy/id_rsa:1").contains("private key");
            assertThat(repo.head("baton/" + ticket)).isEmpty();
        }

        @Test
        void shouldRefuseAPushCarryingAConfiguredSecretValue() throws Exception {
            String ticket = ProxyHarnessAccess.ticket();
            String token = harness.token(Role.ENGINEER, ticket);
            Path work = cloneAs(token, "leak-" + ticket);
            commit(work, "config.txt", "line one\nsigning = " + ProxyHarnessAccess.tokenKey() + "\n");

            Git.Result push = git(work, token, "push", "origin", "HEAD:refs/heads/baton/" + ticket);

            assertThat(push.ok()).isFalse();
            assertThat(push.stderr()).contains("config.txt:2").contains("configured secret value")
                    .doesNotContain(ProxyHarnessAccess.tokenKey());
            assertThat(repo.head("baton/" + ticket)).isEmpty();
        }
    }
}
