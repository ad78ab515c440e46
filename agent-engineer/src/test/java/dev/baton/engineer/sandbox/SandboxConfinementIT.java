package dev.baton.engineer.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.baton.agent.git.GitWorkspace;
import dev.baton.agent.tools.FileTools;
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

    @BeforeAll
    static void start() {
        fx = new SandboxFixture(workRoot, "T-confined");
        repos = GitFixtures.inTempDir();
        var origin = repos.createBare("origin", Map.of("README.md", "hello\n", "src/app.py", "print(1)\n"));
        ws = fx.sandbox.whileFrozen(() -> GitWorkspace.clone(origin.url(), "main", fx.sandbox.workspace()));
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
    @DisplayName(".git cannot be written, replaced or removed from inside")
    void shouldKeepGitReadOnlyWhenSandboxAttacksIt() {
        String before = ws.git("config", "--list", "--local");
        ExecResult r = fx.sh("echo '[core]' >> .git/config; printf '#!/bin/sh\\n' > .git/hooks/pre-commit; "
                + "chmod 777 .git; mv .git g; rm -rf .git 2>/dev/null; ln -s /tmp .git; git status --short; "
                + "echo status=$?");

        assertThat(r.output()).contains("Permission denied", "Operation not permitted", "status=0");
        assertThat(fx.sandbox.whileFrozen(() -> ws.git("config", "--list", "--local"))).isEqualTo(before);
        assertThat(fx.sandbox.workspace().resolve(".git/hooks/pre-commit")).doesNotExist();
        assertThat(fx.sandbox.whileFrozen(() -> ws.git("fsck", "--no-progress"))).isEmpty();
    }

    @Test
    @DisplayName("the file tools refuse ../, absolute paths and symlinks the sandbox points outside")
    void shouldRefuseEscapesWhenFileToolsGetThem() throws ToolException {
        fx.sh("ln -sfn / rootlink; ln -sfn /etc/passwd pw");
        var read = FileTools.readFile(ws);
        var write = FileTools.writeFile(ws);

        for (String path : new String[] {"../../../etc/passwd", "/etc/passwd", "rootlink/etc/passwd", "pw"}) {
            assertThatThrownBy(() -> fx.sandbox.whileFrozen(() -> read.handler().call(args(path, null))))
                    .as(path).isInstanceOf(ToolException.class);
        }
        assertThatThrownBy(() -> fx.sandbox.whileFrozen(() -> write.handler().call(args("rootlink/tmp/x", "x"))))
                .isInstanceOf(ToolException.class).hasMessageContaining("symlink");
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
