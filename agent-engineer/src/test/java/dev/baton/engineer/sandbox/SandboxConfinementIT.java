package dev.baton.engineer.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.baton.agent.git.GitWorkspace;
import dev.baton.agent.git.RepoAccess;
import dev.baton.agent.tools.Tool;
import dev.baton.agent.tools.ToolException;
import dev.baton.engineer.sandbox.tools.EngineerTools;
import dev.baton.engineer.sandbox.tools.EvidenceLog;
import dev.baton.protocol.Task;
import java.time.Duration;
import java.util.List;
import dev.baton.testkit.GitFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("a sandbox sees and writes only its own workspace (real Docker)")
class SandboxConfinementIT {
    private static final Set<String> ALLOWED_ENV = Set.of("PATH", "HOME", "TMPDIR", "LANG", "JAVA_HOME", "HOSTNAME",
            "PWD", "SHLVL", "_", "PYTHONDONTWRITEBYTECODE", "PYTEST_ADDOPTS", "GIT_CONFIG_NOSYSTEM", "GIT_CONFIG_COUNT",
            "GIT_CONFIG_KEY_0", "GIT_CONFIG_VALUE_0", "GIT_CONFIG_KEY_1", "GIT_CONFIG_VALUE_1");

    @TempDir
    static Path workRoot;
    static SandboxFixture fx;
    static GitFixtures repos;
    static GitWorkspace ws;
    static String pinned;

    @BeforeAll
    static void start() {
        fx = new SandboxFixture(workRoot, "T-confined");
        repos = GitFixtures.inTempDir();
        var origin = repos.createBare("origin", Map.of("README.md", "hello\n", "src/app.py", "print(1)\n"));
        pinned = origin.head("main").orElseThrow();
        ws = fx.sandbox.whileFrozen(() -> GitWorkspace.pinned(RepoAccess.direct(origin.url()), pinned, 20,
                "baton/T-confined", fx.sandbox.workspace(), fx.sandbox.gitDir()));
    }

    @AfterAll
    static void stop() {
        fx.close();
        repos.close();
    }

    @Test
    @DisplayName("the environment holds nothing but the sandbox's own fixed variables")
    void shouldExposeNoSecretWhenReadingEnvironment() {
        ExecResult env = fx.sh("env; cat /proc/1/environ 2>&1; echo environ=$?");
        var names = env.output().lines().filter(l -> l.contains("=") && !l.startsWith("environ="))
                .map(l -> l.substring(0, l.indexOf('='))).collect(Collectors.toSet());

        assertThat(names).isSubsetOf(ALLOWED_ENV);
        assertThat(env.output()).contains("Permission denied").contains("environ=1");
        var configured = fx.docker.client().inspectContainerCmd(fx.sandbox.id()).exec().getConfig().getEnv();
        assertThat(Arrays.stream(configured).map(e -> e.substring(0, e.indexOf('='))))
                .containsOnly("PATH", "LANG", "JAVA_HOME", "HOME");
    }

    @Test
    @DisplayName("no Docker socket, no host mount besides the workspace")
    void shouldExposeNoDockerSocketWhenListingMounts() {
        ExecResult r = fx.sh("ls -l /var/run/docker.sock /run/docker.sock 2>&1; find / -xdev -type s 2>/dev/null | wc -l;"
                + " awk '$1 ~ /^\\// {print $2}' /proc/mounts | sort -u");

        assertThat(r.output()).contains("No such file or directory").doesNotContain("docker.sock ");
        assertThat(r.output().lines().skip(2).findFirst()).hasValue("0");
        assertThat(r.output().lines().skip(3)).containsOnly("/etc/hostname", "/etc/hosts", "/etc/resolv.conf",
                "/usr/sbin/docker-init", "/workspace");
    }

    @Test
    @DisplayName("another ticket's workspace is neither mounted nor readable")
    void shouldNotSeeOtherWorkspaceWhenSearching() throws Exception {
        String token = "secret-" + UUID.randomUUID();
        fx.sandbox.whileFrozen(() -> Files.writeString(fx.sandbox.workspace().resolve("token.txt"), token));
        try (Sandbox other = fx.factory.create("T-other", "task-1")) {
            // /usr is the shared read-only image; everything else, mounts included, is searched
            ExecResult r = other.exec(List.of("bash", "-c", "grep -rls " + token
                    + " / --exclude-dir=proc --exclude-dir=sys --exclude-dir=usr; echo grep=$?; cat /proc/mounts"),
                    Duration.ofSeconds(60));

            assertThat(r.output()).containsPattern("grep=[12]").doesNotContain("token.txt")
                    .doesNotContain(fx.sandbox.workspace().toString());
        }
        assertThat(fx.sh("cat token.txt").output()).as("control: the owner sees it").isEqualTo(token);
    }

    @Test
    @DisplayName("writing outside /workspace fails; /tmp is writable but not executable")
    void shouldRefuseWritesWhenOutsideWorkspace() {
        ExecResult r = fx.sh("for d in / /etc /usr/bin /home/sandbox /var/tmp /root; do touch $d/x 2>/dev/null "
                + "&& echo WROTE $d; done; cp /bin/true /tmp/t && /tmp/t; echo tmp-exec=$?; touch /workspace/ok && echo ws-ok");

        assertThat(r.output()).doesNotContain("WROTE").contains("tmp-exec=126", "ws-ok");
    }

    @Test
    @DisplayName("the git directory is out of reach: not in the workspace, not anywhere the sandbox can see")
    void shouldKeepGitDirectoryOutOfReachWhenSandboxLooksForIt() {
        String before = fx.sandbox.whileFrozen(() -> ws.git("config", "--list", "--local") + ws.git("count-objects"));
        ExecResult r = fx.sh("ls -a; cat .git/config; git status; echo status=$?; "
                + "echo git-files=$(find / /workspace /tmp -xdev \\( -name shallow -o -name FETCH_HEAD -o -name ORIG_HEAD \\) 2>/dev/null "
                + "| wc -l); "
                + "echo found=$(grep -rls " + pinned + " / --exclude-dir=proc --exclude-dir=sys --exclude-dir=usr | wc -l); "
                + "mkdir -p .git/hooks .git/objects/00 && printf '#!/bin/sh\\n' > .git/hooks/pre-commit "
                + "&& echo '[core]' >> .git/config && echo x > .git/objects/00/planted && echo planted-own");

        assertThat(r.output().lines().takeWhile(l -> !l.startsWith("status="))).doesNotContain(".git");
        assertThat(r.output()).contains("cat: .git/config: No such file or directory", "not a git repository",
                "git-files=0", "found=0", "planted-own").doesNotContain(fx.sandbox.gitDir().toString());
        assertThat(fx.sandbox.gitDir().resolve("FETCH_HEAD")).as("control: what the search looks for").exists();
        assertThat(fx.sandbox.whileFrozen(() -> ws.git("config", "--list", "--local") + ws.git("count-objects")))
                .isEqualTo(before);
        assertThat(fx.sandbox.gitDir().resolve("hooks/pre-commit")).doesNotExist();
        assertThat(fx.sandbox.whileFrozen(() -> ws.git("fsck", "--no-progress"))).isEmpty();
        fx.sh("rm -rf .git");
    }

    @Test
    @DisplayName("the file tools refuse ../, absolute paths and symlinks the sandbox points outside")
    void shouldRefuseEscapesWhenFileToolsGetThem() throws ToolException {
        fx.sh("ln -sfn / rootlink; ln -sfn /etc/passwd pw");
        var engineerTools = EngineerTools.create(ws, fx.sandbox, new Task("t", "t", "", List.of(), List.of("c"), null),
                new EvidenceLog(null, e -> { }), Duration.ofSeconds(5), Duration.ofSeconds(5)).stream()
                .collect(Collectors.toMap(Tool::name, t -> t));
        for (String path : new String[] {"../../../etc/passwd", "/etc/passwd", "rootlink/etc/passwd", "pw",
                ".git/config"}) {
            assertThatThrownBy(() -> engineerTools.get("read_file").handler().call(args(path, null))).as(path)
                    .isInstanceOf(ToolException.class);
            assertThatThrownBy(() -> engineerTools.get("write_file").handler().call(args(path, "x"))).as(path)
                    .isInstanceOf(ToolException.class);
        }
        assertThatThrownBy(() -> engineerTools.get("write_file").handler().call(args("rootlink/tmp/x", "x")))
                .isInstanceOf(ToolException.class).hasMessageContaining("symlink");
        assertThatThrownBy(() -> engineerTools.get("apply_patch").handler().call(JsonNodeFactory.instance.objectNode()
                .put("patch", "--- /dev/null\n+++ b/rootlink/tmp/x\n@@ -0,0 +1 @@\n+x\n")))
                .isInstanceOf(ToolException.class).hasMessageContaining("symlink");
        assertThat(engineerTools.get("search_text").handler().call(JsonNodeFactory.instance.objectNode()
                .put("query", "root:x:0:0"))).isEqualTo("no match for root:x:0:0");
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode args(String path, String content) {
        var node = JsonNodeFactory.instance.objectNode().put("path", path);
        return content == null ? node : node.put("content", content);
    }
}
