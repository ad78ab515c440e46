package dev.baton.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.launcher.browser.DashboardScripts;
import dev.baton.launcher.browser.OperatorPlatform;
import dev.baton.launcher.client.Endpoints;
import dev.baton.protocol.TicketState;
import dev.baton.testkit.BatonInfra;
import dev.baton.testkit.GitFixtures;
import dev.baton.testkit.GitRepo;
import dev.baton.testkit.KafkaBroker;
import dev.baton.testkit.RedisServer;
import dev.baton.testkit.ScriptedModelServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator commands of the {@code baton} CLI against the coordinator's API, as {@code baton up} leaves it. */
@BatonInfra
class OperatorCliIT {
    static OperatorPlatform platform;
    static Path dir;

    @BeforeAll
    static void start(KafkaBroker kafka, RedisServer redis, ScriptedModelServer model, GitFixtures git) throws Exception {
        DashboardScripts.install(model);
        platform = new OperatorPlatform(kafka.bootstrapServers(), redis.uri(), model.baseUrl(), git.dir());
        dir = Files.createDirectories(git.dir().resolve("state"));
        new Endpoints(kafka.bootstrapServers(), redis.uri(), null, platform.url(""), model.baseUrl(), true).save(dir);
        Files.writeString(dir.resolve("operator-token"), OperatorPlatform.OPERATOR_TOKEN + "\n");
    }

    @AfterAll
    static void stop() throws Exception {
        platform.close();
    }

    static CliRun baton(String... args) throws Exception {
        return CliRun.baton(dir, args);
    }

    static void awaitState(String id, TicketState state) {
        await().atMost(Duration.ofSeconds(90)).until(() -> platform.coordinator.blackboard().ticket(id)
                .map(t -> t.value().state() == state).orElse(false));
    }

    static String submit(GitRepo repo, String title) throws Exception {
        String id = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(baton("submit", "--repo", repo.url(), "--title", title, "--id", id).status()).isZero();
        return id;
    }

    @Test
    void shouldListShowAndExportADeliveredTicket(GitFixtures git) throws Exception {
        String id = submit(git.createBare("cli.git", Map.of("README.md", "# cli\n")), "Greet from the CLI");
        awaitState(id, TicketState.DELIVERED);
        Path export = git.dir().resolve("export.jsonl");

        CliRun tickets = baton("tickets", "--state", "delivered");
        CliRun show = baton("show", id);
        CliRun exported = baton("export", id, "--out", export.toString());
        CliRun watched = baton("watch", id, "--until-done");

        assertThat(tickets.out()).contains("ID").contains(id).contains("DELIVERED").contains("Greet from the CLI");
        assertThat(show.out()).contains(id + "  DELIVERED").contains("- the file says hello").contains("commit ")
                .contains("review task-1 round 1: APPROVED").contains("PLANNING -> IMPLEMENTING  [pm -> engineer]")
                .contains("engineer called engineer:").contains("[plan: 1 task(s)]")
                .contains("pm plan round 1: PLANNED after 1 step(s)").contains("engineer task-1 round 1: COMMITTED");
        assertThat(watched.out()).contains("PLANNING -> IMPLEMENTING  [pm -> engineer]")
                .contains("\n    task-1: Write greeting.txt\n      files: greeting.txt\n      - the file says hello")
                .contains("-> DELIVERED");
        assertThat(exported.out()).contains("wrote ").contains(export.toString());
        assertThat(Files.readAllLines(export)).first().asString().contains("\"kind\":\"export\"");
        assertThat(Files.readAllLines(export)).last().asString().contains("\"kind\":\"record\"");
        assertThat(Files.readAllLines(export)).filteredOn(l -> l.contains("\"kind\":\"diff\"")).singleElement()
                .asString().contains("+++ b/greeting.txt").contains("+-- hello");
    }

    @Test
    void shouldSetAndShowBudgets() throws Exception {
        try {
            CliRun set = baton("budgets", "set", "reviewer", "--daily", "3", "--call-tokens", "900", "--reason", "cli test");
            CliRun all = baton("budgets");

            assertThat(set.status()).as(set.err()).isZero();
            assertThat(all.out()).containsPattern("reviewer +none +\\$\\d+\\.\\d+ / \\$3\\.00 .* 900");
            assertThat(baton("budgets", "set", "reviewer", "--daily", "lots").err()).contains("--daily must be a number or none");
        } finally {
            assertThat(baton("budgets", "set", "reviewer", "--daily", "none", "--call-tokens", "none").out())
                    .contains("raised: tickets blocked on the budget resume");
        }
    }

    @Test
    void shouldApproveAGatedTicketAndRefuseWhatCannotApply(GitFixtures git) throws Exception {
        String id = submit(git.createBare("gate.git", Map.of("README.md", "# gate\n")), "[migration] Add a table");
        awaitState(id, TicketState.AWAITING_APPROVAL);

        CliRun rejectWithoutReason = baton("reject", id);
        CliRun approve = baton("approve", id, "--reason", "looks safe", "--operator-token", OperatorPlatform.DANA_TOKEN);
        awaitState(id, TicketState.DELIVERED);
        CliRun show = baton("show", id);
        CliRun approveAgain = baton("approve", id);
        CliRun cancelUnknown = baton("cancel", "no-such-ticket");

        assertThat(rejectWithoutReason.status()).isEqualTo(2);
        assertThat(rejectWithoutReason.err()).contains("reject needs --reason");
        assertThat(approve.out()).contains("approve of " + id + " sent by dana");
        assertThat(show.out()).contains("APPROVE by dana: looks safe").contains("approved by dana: looks safe");
        assertThat(approveAgain.status()).isEqualTo(1);
        assertThat(approveAgain.err()).contains("only a ticket in AWAITING_APPROVAL").contains("HTTP 409");
        assertThat(cancelUnknown.err()).contains("no ticket no-such-ticket").contains("HTTP 404");
    }

    @Test
    void shouldHaltAndResumeTheFleet() throws Exception {
        try {
            assertThat(baton("halt", "--reason", "cli drill").out()).contains("halt of the fleet sent");
            await().atMost(Duration.ofSeconds(30)).until(() -> platform.coordinator.blackboard().fleetHalted());
        } finally {
            assertThat(baton("resume").out()).contains("resume of the fleet sent");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !platform.coordinator.blackboard().fleetHalted());
    }

    @Test
    void shouldNameTheOperatorOfTheTokenAndRefuseAWrongOne() throws Exception {
        CliRun shared = baton("whoami");
        CliRun dana = baton("whoami", "--operator-token", OperatorPlatform.DANA_TOKEN);
        CliRun wrong = baton("whoami", "--operator-token", OperatorPlatform.DANA_TOKEN + "x");

        assertThat(shared.out().strip()).isEqualTo("operator");
        assertThat(dana.out().strip()).isEqualTo("dana");
        assertThat(wrong.status()).isEqualTo(1);
        assertThat(wrong.err()).contains("the operator token is not valid").contains("HTTP 401");
    }

    @Test
    void shouldSayHowToGetATokenWhenThereIsNone(GitFixtures git) throws Exception {
        Path empty = Files.createDirectories(git.dir().resolve("empty"));
        Files.copy(dir.resolve("endpoints.json"), empty.resolve("endpoints.json"));

        var err = new ByteArrayOutputStream();
        int status = BatonCli.run(new String[] {"tickets", "--dir", empty.toString()}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no operator token").contains("BATON_OPERATOR_TOKEN");
    }
}
