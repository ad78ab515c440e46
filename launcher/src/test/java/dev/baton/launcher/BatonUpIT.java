package dev.baton.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.launcher.client.Endpoints;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The README's path for a new user: the {@code baton} script's {@code up}, then {@code submit --wait}; then what
 * operators rely on in the running services: no secret where agents can read, JSON logs, Prometheus metrics.
 */
@BatonInfra
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BatonUpIT {
    static final Path SCRIPT = Path.of("..", "baton").toAbsolutePath().normalize();
    static final String TICKET = "up-1";

    static Path dir;
    static Path upLog;
    static Process up;
    static GitRepo repo;
    static String submitted;
    static int submitExit;

    @BeforeAll
    static void upAndSubmit(GitFixtures git) throws Exception {
        dir = git.dir().resolve("state");
        upLog = git.dir().resolve("up.log");
        repo = git.createBare("sample.git", Map.of("README.md", "# sample\n"));
        up = baton("up", "--dir", dir.toString()).redirectOutput(upLog.toFile()).start();
        await().atMost(Duration.ofSeconds(120)).until(() -> read(upLog).contains("Ctrl-C stops everything"));

        Process submit = baton("submit", "--dir", dir.toString(), "--repo", repo.path().toString(), "--title",
                "First ticket", "--id", TICKET, "--wait").start();
        submitted = new String(submit.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(submit.waitFor(120, TimeUnit.SECONDS)).isTrue();
        submitExit = submit.exitValue();
        // The same id again: an operator's mistake the coordinator refuses to baton.dlq, and logs about that ticket.
        Process again = baton("submit", "--dir", dir.toString(), "--repo", repo.path().toString(), "--title",
                "First ticket again", "--id", TICKET).start();
        again.getInputStream().readAllBytes();
        assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    @AfterAll
    static void stop() {
        if (up != null) {
            up.destroyForcibly();
        }
    }

    @Test
    @Order(1)
    void shouldDeliverATicketSubmittedToBatonUp() throws Exception {
        assertThat(submitted).contains("DELIVERING -> DELIVERED");
        assertThat(submitExit).as(submitted).isZero();
        assertThat(repo.fileAt("baton/" + TICKET, "BATON_NOTES.md")).hasValueSatisfying(s -> assertThat(s).contains(TICKET));
    }

    @Test
    @Order(2)
    void shouldKeepSecretsOutOfWhatAgentsCanReadAndOutOfEveryLog() throws Exception {
        List<Long> pids = pids(read(upLog));
        assertThat(pids).hasSize(5);
        List<String> secrets = List.of(secret(pids.get(0), "BATON_SECRET_UPSTREAM_KEY"),
                secret(pids.get(0), "BATON_SECRET_TOKEN_KEY"));
        for (long agent : pids.subList(2, 5)) {
            assertThat(environ(agent)).doesNotContain("BATON_SECRET");
            assertThat(read(Path.of("/proc", Long.toString(agent), "cmdline"))).doesNotContain("BATON_SECRET");
        }
        SecretScan.assertNowhere(secrets, dir, List.of(pids.get(2), pids.get(3), pids.get(4)));
        List<String> forLogsOnly = new ArrayList<>(SecretScan.taskTokens(Endpoints.load(dir).kafkaBootstrap()));
        assertThat(forLogsOnly).as("task tokens of the run").hasSizeGreaterThanOrEqualTo(3);
        forLogsOnly.add(Files.readString(dir.resolve("operator-token")).trim());
        SecretScan.assertNotInLogs(forLogsOnly, dir);
    }

    @Test
    @Order(3)
    void shouldLogOneJsonObjectPerLineWithServiceRoleTicketAndTask() throws Exception {
        ServiceLogs logs = ServiceLogs.read(dir.resolve("logs"));

        assertThat(logs.services()).containsExactlyInAnyOrder("vault-proxy", "coordinator", "agent-pm",
                "agent-engineer", "agent-reviewer");
        for (String role : List.of("pm", "engineer", "reviewer")) {
            assertThat(logs.lines("agent-" + role)).allSatisfy(line -> assertThat(line).containsEntry("role", role))
                    .anySatisfy(line -> assertThat(line).containsEntry("ticketId", TICKET).containsKey("taskId")
                            .hasEntrySatisfying("message", m -> assertThat(m).startsWith("working on " + TICKET)));
        }
        assertThat(logs.lines("vault-proxy")).anySatisfy(line -> assertThat(line).containsEntry("ticketId", TICKET)
                .containsEntry("role", "engineer").containsKey("taskId")
                .hasEntrySatisfying("message", m -> assertThat(m).startsWith("model call")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ServiceLogs.read(dir.resolve("logs"))
                .lines("coordinator")).anySatisfy(line -> assertThat(line).containsEntry("ticketId", TICKET)
                .containsEntry("level", "WARN").hasEntrySatisfying("message", m -> assertThat(m).contains("DUPLICATE"))));
    }

    @Test
    @Order(4)
    void shouldServePrometheusMetricsOnEveryService() throws Exception {
        Map<String, String> urls = banner(read(upLog));

        assertThat(urls.keySet()).containsExactlyInAnyOrder("vault-proxy", "coordinator", "agent-pm",
                "agent-engineer", "agent-reviewer");
        // the duplicate submission may still be on its way to the coordinator
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ServiceMetrics metrics = ServiceMetrics.scrape(urls);
            metrics.assertCoordinatorHandledTheTicket();
            metrics.assertProxyCountedModelCalls();
            metrics.assertAgentsCountedTheirStages();
            metrics.assertEngineerCountedItsSandbox();
        });
    }

    @Test
    @Order(5)
    void shouldStopEveryServiceWhenUpStops() throws Exception {
        List<Long> pids = pids(read(upLog));
        up.destroy();
        assertThat(up.waitFor(60, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(pids).noneMatch(
                pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
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

    /** Each service's {@code /metrics} URL, as the banner of {@code baton up} lists them. */
    static Map<String, String> banner(String banner) {
        Matcher m = Pattern.compile("(vault-proxy|coordinator|agent-\\w+)\\s+pid \\d+, .*metrics (\\S+)").matcher(banner);
        Map<String, String> urls = new java.util.LinkedHashMap<>();
        while (m.find()) {
            urls.put(m.group(1), m.group(2));
        }
        return urls;
    }

    static String environ(long pid) throws IOException {
        return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")), StandardCharsets.UTF_8)
                .replace('\0', '\n');
    }

    static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
