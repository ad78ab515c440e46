package dev.baton.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.testkit.BatonInfra;
import dev.baton.testkit.GitFixtures;
import dev.baton.testkit.GitRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's path for a new user: the {@code baton} script's {@code up}, then {@code submit --wait}. */
@BatonInfra
class BatonUpIT {
    static final Path SCRIPT = Path.of("..", "baton").toAbsolutePath().normalize();

    @Test
    void shouldDeliverATicketSubmittedToBatonUp(GitFixtures git) throws Exception {
        Path dir = git.dir().resolve("state");
        Path upLog = git.dir().resolve("up.log");
        GitRepo repo = git.createBare("sample.git", Map.of("README.md", "# sample\n"));
        Process up = baton("up", "--dir", dir.toString()).redirectOutput(upLog.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> read(upLog).contains("Ctrl-C stops everything"));

            Process submit = baton("submit", "--dir", dir.toString(), "--repo", repo.path().toString(), "--title",
                    "First ticket", "--id", "up-1", "--wait").start();
            String output = new String(submit.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(submit.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(output).contains("DELIVERING -> DELIVERED");
            assertThat(submit.exitValue()).as(output).isZero();
            assertThat(repo.fileAt("baton/up-1", "BATON_NOTES.md")).hasValueSatisfying(s -> assertThat(s).contains("up-1"));

            List<Long> pids = pids(read(upLog));
            assertThat(pids).hasSize(5);
            List<String> secrets = List.of(secret(pids.get(0), "BATON_SECRET_UPSTREAM_KEY"),
                    secret(pids.get(0), "BATON_SECRET_TOKEN_KEY"));
            for (long agent : pids.subList(2, 5)) {
                assertThat(environ(agent)).doesNotContain("BATON_SECRET");
                assertThat(read(Path.of("/proc", Long.toString(agent), "cmdline"))).doesNotContain("BATON_SECRET");
            }
            SecretScan.assertNowhere(secrets, dir, List.of(pids.get(2), pids.get(3), pids.get(4)));
            up.destroy();
            assertThat(up.waitFor(60, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(pids).noneMatch(
                    pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        } finally {
            up.destroyForcibly();
        }
    }

    static ProcessBuilder baton(String... args) {
        var command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("BATON_NO_BUILD", "1");
        return builder;
    }

    static String secret(long pid, String name) throws IOException {
        return environ(pid).lines().filter(l -> l.startsWith(name + "=")).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in the proxy's environment")).split("=", 2)[1];
    }

    static List<Long> pids(String banner) {
        Matcher m = Pattern.compile("(vault-proxy|coordinator|agent-\\w+)\\s+pid (\\d+)").matcher(banner);
        List<Long> pids = new ArrayList<>();
        while (m.find()) {
            pids.add(Long.parseLong(m.group(2)));
        }
        return pids;
    }

    static String environ(long pid) throws IOException {
        return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")), StandardCharsets.UTF_8)
                .replace('\0', '\n');
    }

    static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
