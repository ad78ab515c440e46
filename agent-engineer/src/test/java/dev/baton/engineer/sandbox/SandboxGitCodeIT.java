package dev.baton.engineer.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.agent.git.GitWorkspace;
import dev.baton.agent.tools.AgentFailure;
import dev.baton.engineer.sandbox.tools.WorkspaceGit;
import dev.baton.testkit.GitFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("a repository's hooks and filters never run code (real Docker, real git)")
class SandboxGitCodeIT {
    @TempDir
    Path workRoot;
    @TempDir
    Path markers;

    @Test
    @DisplayName("hooks, .gitattributes filters and a planted nested repository run nothing on the host")
    void shouldRunNoRepositoryCodeWhenEngineerCommits() throws Exception {
        try (var repos = GitFixtures.inTempDir(); var fx = new SandboxFixture(workRoot, "T-hooks")) {
            var origin = repos.createBare("evil", Map.of(".gitattributes", "* filter=evil diff=evil\n",
                    "app.py", "print(1)\n"));
            Sandbox sandbox = fx.sandbox;
            GitWorkspace ws = sandbox.whileFrozen(() -> GitWorkspace.clone(origin.url(), "main", sandbox.workspace()));
            sandbox.whileFrozen(() -> plantHooks(sandbox.workspace().resolve(".git/hooks")));

            ExecResult attack = fx.sh(String.join("; ",
                    "git config --local filter.evil.clean 'touch " + markers + "/filter; cat'",
                    "printf '#!/bin/sh\\ntouch " + markers + "/in-sandbox-hook\\n' > .git/hooks/pre-commit",
                    "mkdir sub && cd sub && git init -q && git config core.fsmonitor 'touch " + markers + "/fsmonitor'",
                    "git config filter.evil.clean 'touch " + markers + "/nested-filter; cat'",
                    "echo data > f && git add f && git -c user.name=x -c user.email=x@x commit -qm planted",
                    "cd .. && echo 'print(2)' > app.py"));
            assertThat(attack.output()).contains("Permission denied");

            assertThatThrownBy(() -> WorkspaceGit.commitAll(sandbox, ws, "change")).isInstanceOf(AgentFailure.class)
                    .hasMessageContaining("nested git repositories [sub/.git]");
            fx.sh("rm -rf sub/.git");
            String commit = WorkspaceGit.commitAll(sandbox, ws, "change");
            sandbox.whileFrozen(() -> WorkspaceGit.git(ws, "push", "--quiet", "origin", "HEAD:refs/heads/baton/T-hooks"));

            assertThat(origin.fileAt("baton/T-hooks", "app.py")).hasValue("print(2)\n");
            assertThat(origin.head("baton/T-hooks")).hasValue(commit);
            assertThat(markerFiles()).as("repository code that ran on the host").isEmpty();
            assertThat(Files.readString(sandbox.workspace().resolve(".git/config"))).doesNotContain("filter", "fsmonitor");
        }
    }

    private java.util.List<String> markerFiles() throws IOException {
        try (var ran = Files.list(markers)) {
            return ran.map(p -> p.getFileName().toString()).toList();
        }
    }

    private Void plantHooks(Path hooks) throws IOException {
        for (String hook : new String[] {"pre-commit", "commit-msg", "post-commit", "post-checkout", "pre-push",
                "reference-transaction", "post-index-change"}) {
            Path file = hooks.resolve(hook);
            Files.writeString(file, "#!/bin/sh\ntouch " + markers + "/hook-" + hook + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return null;
    }
}
