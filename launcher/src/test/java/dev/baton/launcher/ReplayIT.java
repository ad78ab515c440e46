package dev.baton.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.blackboard.TicketRecord;
import dev.baton.launcher.browser.OperatorPlatform;
import dev.baton.launcher.client.Endpoints;
import dev.baton.launcher.client.Submit;
import dev.baton.protocol.TicketState;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.protocol.Verdict;
import dev.baton.testkit.BatonInfra;
import dev.baton.testkit.GitFixtures;
import dev.baton.testkit.GitRepo;
import dev.baton.testkit.KafkaBroker;
import dev.baton.testkit.RedisServer;
import dev.baton.testkit.ScriptedModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code baton replay}: a ticket run on the scripted model is re-run from its base commit with the scripts cleared,
 * so only the vault proxy's recording can answer; it must reach the same diffs and verdicts without any request
 * reaching the model server.
 */
@BatonInfra
class ReplayIT {
    static OperatorPlatform platform;
    static String bootstrap;
    static Path dir;

    @BeforeAll
    static void start(KafkaBroker kafka, RedisServer redis, ScriptedModelServer model, GitFixtures git) throws Exception {
        bootstrap = kafka.bootstrapServers();
        new TeamScripts().install(model);
        platform = new OperatorPlatform(bootstrap, redis.uri(), model.baseUrl(), git.dir());
        dir = Files.createDirectories(git.dir().resolve("state"));
        new Endpoints(bootstrap, redis.uri(), null, platform.url(""), model.baseUrl(), true).save(dir);
        Files.writeString(dir.resolve("operator-token"), OperatorPlatform.OPERATOR_TOKEN + "\n");
    }

    @AfterAll
    static void stop() throws Exception {
        platform.close();
    }

    @Test
    @DisplayName("A replayed ticket reaches the same diffs and verdicts as the original run")
    void shouldReachTheSameDiffsAndVerdictsWhenReplayedFromTheRecording(GitFixtures git, ScriptedModelServer model)
            throws Exception {
        GitRepo repo = git.createBare("replay.git", Map.of("README.md", "# replay\n"));
        String base = repo.head("main").orElseThrow();
        var ticket = new TicketSubmitted("rp-" + UUID.randomUUID().toString().substring(0, 8), repo.url(), "main",
                "Greet [changes-once]", "Say hello in greeting.txt.", "it");
        Submit.send(bootstrap, ticket);
        TicketRecord original = awaitState(ticket.ticketId(), TicketState.DELIVERED);
        // The base branch moves on: the replay must still start from the commit the original started from.
        repo.commit("main", Map.of("README.md", "# replay, later\n"), "Later work on main");
        model.clearScripts();
        model.reset();

        CliRun replay = baton("replay", ticket.ticketId(), "--timeout", "120");

        assertThat(replay.status()).as(replay.out() + replay.err()).isZero();
        assertThat(replay.out()).contains("replaying " + ticket.ticketId() + " as " + ticket.ticketId() + "-r1 from " + base)
                .contains("task-1 round 1: diff same").contains("task-1 round 2: diff same")
                .contains("verdict same (CHANGES_REQUESTED [ ] " + TeamScripts.CRITERION)
                .contains("verdict same (APPROVED [x] " + TeamScripts.CRITERION)
                .contains("the replay reached the same diffs and verdicts");
        assertThat(model.requests()).as("requests that reached the model server during the replay").isEmpty();
        TicketRecord again = platform.coordinator.blackboard().ticket(ticket.ticketId() + "-r1").orElseThrow().value();
        assertThat(again.state()).isEqualTo(TicketState.DELIVERED);
        assertThat(decisions(again)).isEqualTo(decisions(original))
                .containsExactly(Verdict.Decision.CHANGES_REQUESTED, Verdict.Decision.APPROVED);
        String branch = "baton/" + again.id();
        assertThat(repo.fileAt(branch, "greeting.txt")).isEqualTo(repo.fileAt(ticket.branch(), "greeting.txt"))
                .hasValue("hello, edit 2\n");
        assertThat(repo.fileAt(branch, "README.md")).hasValue("# replay\n");
        assertThat(repo.commitCount(branch)).isEqualTo(3);
    }

    @Test
    void shouldFailWithTheCoordinatorsErrorWhenTheTicketIsUnknown(GitFixtures git) throws Exception {
        CliRun replay = baton("replay", "no-such-ticket-" + UUID.randomUUID().toString().substring(0, 8));

        assertThat(replay.status()).isEqualTo(1);
        assertThat(replay.err()).contains("baton: ").contains("no ticket");
    }

    private static List<Verdict.Decision> decisions(TicketRecord record) {
        return record.reviews().stream().map(r -> r.verdict().decision()).toList();
    }

    static CliRun baton(String... args) throws Exception {
        return CliRun.baton(dir, args);
    }

    static TicketRecord awaitState(String id, TicketState state) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> platform.coordinator.blackboard().ticket(id).map(v -> v.value()).orElse(null),
                        t -> t != null && t.state() == state);
    }
}
