package dev.baton.engineer.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.baton.agent.git.GitWorkspace;
import dev.baton.agent.git.RepoAccess;
import dev.baton.agent.tools.AgentFailure;
import dev.baton.agent.tools.Tool;
import dev.baton.agent.tools.ToolException;
import dev.baton.engineer.sandbox.tools.EngineerTools;
import dev.baton.engineer.sandbox.tools.EvidenceLog;
import dev.baton.engineer.sandbox.tools.WorkspaceGit;
import dev.baton.protocol.Task;
import dev.baton.testkit.GitFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
    @DisplayName("hooks, .gitattributes filters and repositories the sandbox plants run nothing on the host")
    void shouldRunNoRepositoryCodeWhenEngineerCommits() throws Exception {
        try (var repos = GitFixtures.inTempDir(); var fx = new SandboxFixture(workRoot, "T-hooks")) {
            var origin = repos.createBare("evil", Map.of(".gitattributes", "* filter=evil diff=evil\n",
                    "app.py", "print(1)\n"));
            Sandbox sandbox = fx.sandbox;
            GitWorkspace ws = sandbox.whileFrozen(() -> GitWorkspace.pinned(RepoAccess.direct(origin.url()),
                    origin.head("main").orElseThrow(), 20, "baton/T-hooks", sandbox.workspace(), sandbox.gitDir()));
            sandbox.whileFrozen(() -> plantHooks(sandbox.gitDir().resolve("hooks")));
            var tools = EngineerTools.create(ws, sandbox, new Task("t", "t", "", List.of(), List.of("c"), null),
                    new EvidenceLog(null, e -> { }), Duration.ofSeconds(5), Duration.ofSeconds(5)).stream()
                    .collect(Collectors.toMap(Tool::name, t -> t));

            ExecResult attack = fx.sh(String.join("; ",
                    "git init -q . && git config filter.evil.clean 'touch " + markers + "/filter; cat'",
                    "git config filter.evil.smudge 'touch " + markers + "/smudge; cat'",
                    "git config core.fsmonitor 'touch " + markers + "/top-fsmonitor'",
                    "printf '#!/bin/sh\\ntouch " + markers + "/in-sandbox-hook\\n' > .git/hooks/pre-commit",
                    "chmod +x .git/hooks/pre-commit",
                    "mkdir sub && cd sub && git init -q && git config core.fsmonitor 'touch " + markers + "/fsmonitor'",
                    "git config filter.evil.clean 'touch " + markers + "/nested-filter; cat'",
                    "echo data > f && git add f && git -c user.name=x -c user.email=x@x commit -qm planted",
                    "cd .. && echo planted=$(ls -d .git sub/.git | wc -l)"));
            assertThat(attack.output()).contains("planted=2");
            tools.get("apply_patch").handler().call(JsonNodeFactory.instance.objectNode()
                    .put("patch", "--- a/app.py\n+++ b/app.py\n@@ -1 +1 @@\n-print(1)\n+print(2)\n"));
            tools.get("list_files").handler().call(JsonNodeFactory.instance.objectNode());

            assertThatThrownBy(() -> WorkspaceGit.commitAll(sandbox, ws, "change")).isInstanceOf(AgentFailure.class)
                    .hasMessageMatching("(?s).*nested git repositories \\[(\\.git, sub/\\.git|sub/\\.git, \\.git)].*");
            assertThatThrownBy(() -> tools.get("finish").handler().call(JsonNodeFactory.instance.objectNode()))
                    .isInstanceOf(ToolException.class).hasMessageContaining("nested git repositories");
            fx.sh("rm -rf .git sub/.git");
            String commit = WorkspaceGit.commitAll(sandbox, ws, "change");
            sandbox.whileFrozen(() -> WorkspaceGit.git(ws, "push", "--quiet", "origin", "HEAD:refs/heads/baton/T-hooks"));

            assertThat(origin.fileAt("baton/T-hooks", "app.py")).hasValue("print(2)\n");
            assertThat(origin.head("baton/T-hooks")).hasValue(commit);
            assertThat(markerFiles()).as("repository code that ran on the host").isEmpty();
            assertThat(Files.readString(sandbox.gitDir().resolve("config"))).doesNotContain("filter", "fsmonitor");
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
