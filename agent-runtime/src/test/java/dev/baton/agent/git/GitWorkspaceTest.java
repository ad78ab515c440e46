package dev.baton.agent.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.agent.tools.AgentFailure;
import dev.baton.testkit.GitFixtures;
import dev.baton.testkit.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("a git workspace (real git)")
class GitWorkspaceTest {
    @TempDir
    Path dir;
    GitFixtures repos;
    GitRepo origin;

    @BeforeEach
    void createOrigin() {
        repos = GitFixtures.inTempDir();
        origin = repos.createBare("origin", Map.of("a.txt", "0\n"));
        for (int i = 1; i <= 5; i++) {
            origin.commit("main", Map.of("a.txt", i + "\n"), "commit " + i);
        }
    }

    @AfterEach
    void close() {
        repos.close();
    }

    @Test
    @DisplayName("a pinned checkout holds that commit and depth - 1 ancestors, with no .git in the working copy")
    void shouldCheckOutPinnedCommitShallowWithGitDirElsewhere() throws Exception {
        String pinned = origin.head("main").orElseThrow();
        origin.commit("main", Map.of("a.txt", "later\n"), "after the pin");
        Path work = Files.createDirectory(dir.resolve("work"));

        GitWorkspace ws = GitWorkspace.pinned(RepoAccess.direct(origin.url()), pinned, 3, "baton/t-1", work,
                dir.resolve("git"));

        assertThat(ws.git("rev-parse", "HEAD").strip()).isEqualTo(pinned);
        assertThat(ws.git("rev-list", "--count", "HEAD").strip()).isEqualTo("3");
        assertThat(ws.git("rev-parse", "--abbrev-ref", "HEAD").strip()).isEqualTo("baton/t-1");
        assertThat(Files.readString(work.resolve("a.txt"))).isEqualTo("5\n");
        try (var entries = Files.list(work)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("a.txt");
        }
    }

    @Test
    @DisplayName("remote refs: branches as they are, absent ones left out, one call")
    void shouldResolveRemoteRefsWhenSomeAreMissing() {
        origin.commit("baton/t-1", Map.of("b.txt", "b\n"), "on the branch");

        Map<String, String> refs = GitWorkspace.remoteRefs(RepoAccess.direct(origin.url()), dir,
                List.of("refs/heads/baton/t-1", "refs/heads/main", "refs/heads/nope", "refs/tags/main"));

        assertThat(refs).containsOnly(Map.entry("refs/heads/baton/t-1", origin.head("baton/t-1").orElseThrow()),
                Map.entry("refs/heads/main", origin.head("main").orElseThrow()));
    }

    @Test
    @DisplayName("a repository that looks like an option is never read as one")
    void shouldNotRunCommandWhenRepositoryLooksLikeAnOption() {
        Path marker = dir.resolve("ran");
        var access = RepoAccess.direct("--upload-pack=touch " + marker + "; git-upload-pack");

        assertThatThrownBy(() -> GitWorkspace.remoteRefs(access, dir, List.of("refs/heads/main")))
                .isInstanceOf(AgentFailure.class);
        assertThatThrownBy(() -> GitWorkspace.clone(access, "main", dir.resolve("clone")))
                .isInstanceOf(AgentFailure.class);
        assertThat(marker).doesNotExist();
    }
}
