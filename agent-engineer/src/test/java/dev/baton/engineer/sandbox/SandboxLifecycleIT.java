package dev.baton.engineer.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.baton.engineer.sandbox.internal.Labels;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("sandbox lifecycle: warm pool, TTL and reaper (real Docker)")
class SandboxLifecycleIT {
    @TempDir
    static Path workRoot;
    static DockerConnection docker;

    @BeforeAll
    static void connect() {
        docker = SandboxTesting.docker();
    }

    @AfterAll
    static void disconnect() {
        docker.close();
    }

    @Nested
    @DisplayName("warm pool")
    class Pool {
        @Test
        @DisplayName("hands out a ready container renamed for the task, refills, and destroys idle ones on close")
        void shouldHandOutWarmSandboxWhenOneIsReady() {
            var factory = new SandboxFactory(docker, SandboxTesting.options(workRoot).poolSize(1).build());
            String idle;
            try (var pool = new SandboxPool(factory)) {
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pool.ready() == 1);
                try (Sandbox sandbox = pool.acquire("T-pool", "task-7")) {
                    var container = docker.client().inspectContainerCmd(sandbox.id()).exec();
                    assertThat(container.getName()).startsWith("/baton-sbx-T-pool-task-7-");
                    assertThat(container.getConfig().getLabels()).containsEntry(Labels.ORIGIN, "warm")
                            .containsEntry(Labels.SANDBOX, "true");
                    assertThat(sandbox.workspace()).isEmptyDirectory();
                    assertThat(sandbox.exec(List.of("id", "-u"), Duration.ofSeconds(10)).output()).isEqualTo("10001\n");
                }
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pool.ready() == 1);
                idle = docker.client().listContainersCmd().withShowAll(true)
                        .withLabelFilter(java.util.Map.of(Labels.ORIGIN, "warm", Labels.TICKET, "")).exec().stream()
                        .filter(c -> c.getLabels().get(Labels.WORKSPACE).startsWith(workRoot.toString()))
                        .findFirst().orElseThrow().getId();
            }
            assertThatThrownBy(() -> docker.client().inspectContainerCmd(idle).exec())
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @Nested
    @DisplayName("reaper")
    class Reaper {
        @Test
        @DisplayName("destroys the sandbox of an engineer that was killed, and its workspace")
        void shouldReapSandboxWhenOwnerWasKilled() throws Exception {
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            Process engineer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classpath, OrphanSandboxMain.class.getName(), workRoot.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String id;
            try (var out = new BufferedReader(new InputStreamReader(engineer.getInputStream()))) {
                id = out.lines().filter(l -> l.startsWith("SANDBOX ")).findFirst().orElseThrow().substring(8);
            }
            Path workspace = Path.of(docker.client().inspectContainerCmd(id).exec().getConfig().getLabels()
                    .get(Labels.WORKSPACE));
            engineer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(docker.client().inspectContainerCmd(id).exec().getState().getRunning())
                    .as("left behind by the killed engineer").isTrue();

            List<String> reaped = new SandboxReaper(docker, SandboxTesting.options(workRoot).build()).reapOnce();

            assertThat(reaped).contains(id);
            assertThatThrownBy(() -> docker.client().inspectContainerCmd(id).exec())
                    .isInstanceOf(NotFoundException.class);
            assertThat(workspace.getParent()).doesNotExist();
        }

        @Test
        @DisplayName("destroys a sandbox past its TTL, which refuses commands from then on")
        void shouldReapSandboxWhenTtlExpired() throws Exception {
            var options = SandboxTesting.options(workRoot).ttl(Duration.ofSeconds(2))
                    .defaultTimeout(Duration.ofSeconds(1)).maxTimeout(Duration.ofSeconds(1)).build();
            var reaper = new SandboxReaper(docker, options);
            try (Sandbox sandbox = new SandboxFactory(docker, options).create("T-ttl", "task-1")) {
                assertThat(reaper.reapOnce()).as("alive and owned by us").doesNotContain(sandbox.id());
                Thread.sleep(Duration.between(Instant.now(), sandbox.expiresAt()).toMillis() + 1100);

                assertThatThrownBy(() -> sandbox.exec(List.of("true"), Duration.ofSeconds(1)))
                        .isInstanceOf(SandboxException.class).hasMessageContaining("expired");
                assertThat(reaper.reapOnce()).contains(sandbox.id());
                assertThat(Files.exists(sandbox.workspace())).isFalse();
            }
        }
    }
}
