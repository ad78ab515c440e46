package dev.baton.launcher.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.blackboard.Blackboard;
import dev.baton.launcher.chaos.ChaosService.Kind;
import dev.baton.protocol.TicketState;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.protocol.Topics;
import dev.baton.testkit.GitFixture;
import dev.baton.testkit.GitRepo;
import dev.baton.testkit.KafkaBroker;
import dev.baton.testkit.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Chaos: the platform as {@code baton up} runs it (every service its own JVM, real Kafka, Redis and git, the
 * scripted demo model), tickets running, while services are SIGKILLed and restarted and then each stopped once with
 * SIGTERM (it must exit and log its clean stop) and restarted, or while the broker and then Redis restart. Afterwards every ticket must be terminal, none lost, no commit or push done twice. Prints the
 * figures the README quotes. Knobs: {@code -Dbaton.chaos.seed}, {@code .tickets}, {@code .kills}. The defaults
 * (10 tickets, 5 kills: one of each kind) keep the default build short; the README's run uses 24 and 12.
 */
@DisplayName("chaos")
class ChaosIT {
    static final long SEED = Long.getLong("baton.chaos.seed", 20261122L);
    static final int TICKETS = Integer.getInteger("baton.chaos.tickets", 10);
    static final int KILLS = Integer.getInteger("baton.chaos.kills", 5);
    static final Duration STAGE_DEADLINE = Duration.ofSeconds(20);
    static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(8);
    static final Duration QUEUE_DEADLINE = Duration.ofMinutes(2);
    static final Map<String, String> COORDINATOR = Map.of("BATON_STAGE_DEADLINE", STAGE_DEADLINE.toSeconds() + "s",
            "BATON_STAGE_QUEUE_DEADLINE", QUEUE_DEADLINE.toSeconds() + "s",
            "BATON_STAGE_SWEEP_INTERVAL", "500ms");

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    @DisplayName("SIGKILLed and restarted services lose no ticket and repeat no commit or push")
    void shouldLoseNothingAndRepeatNothingWhenServicesAreKilled() throws Exception {
        Path dir = runDir("kill-" + SEED);
        System.out.println("[chaos] seed " + SEED + " (-Dbaton.chaos.seed=" + SEED + "), " + TICKETS + " tickets, "
                + KILLS + " kills, stage deadline " + STAGE_DEADLINE.toSeconds() + " s (queue " + QUEUE_DEADLINE.toSeconds() + " s), logs in " + dir);
        try (KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"));
                RedisServer redis = RedisServer.start()) {
            kafka.createTopics(3, Topics.ALL.toArray(String[]::new));
            try (var platform = new ChaosPlatform(dir, kafka.bootstrapServers(), redis.uri(), COORDINATOR);
                    var blackboard = Blackboard.connect(redis.uri())) {
                Map<String, GitRepo> repos = repos(dir, "k", TICKETS);
                Instant start = Instant.now();
                Thread submitter = submitOverTime(platform, repos, new Random(SEED ^ 0x5EEDL), Duration.ofSeconds(3));
                var monkey = new ChaosMonkey(platform, SEED, Duration.ofSeconds(3), Duration.ofSeconds(9),
                        Duration.ofSeconds(3));
                monkey.run(KILLS);
                var stops = monkey.terminateEach(Duration.ofSeconds(30));
                submitter.join(Duration.ofMinutes(5).toMillis());
                boolean settled = awaitTerminal(blackboard, repos.keySet(), SETTLE_TIMEOUT);
                var report = ChaosReport.collect(blackboard, kafka.bootstrapServers(), repos);
                var header = new ArrayList<>(List.of(
                        "command    ./mvnw -B -pl launcher -am verify -Dit.test=ChaosIT#shouldLoseNothingAndRepeatNothingWhenServicesAreKilled -Dbaton.chaos.seed=" + SEED + " -Dbaton.chaos.tickets=" + TICKETS + " -Dbaton.chaos.kills=" + KILLS,
                        "seed " + SEED + ", stage deadline " + STAGE_DEADLINE.toSeconds() + " s, took "
                                + Duration.between(start, Instant.now()).toSeconds() + " s"
                                + (settled ? "" : " (NOT settled within " + SETTLE_TIMEOUT.toMinutes() + " min)"),
                        "kills      " + KILLS + " " + killsByKind(monkey) + ", then one SIGTERM per service"));
                monkey.log().forEach(line -> header.add("  " + line));
                System.out.println(report.render("chaos: SIGKILL and restart", header));
                assertGuarantees(report);
                assertThat(monkey.kills().values()).as("every service kind killed at least once")
                        .allMatch(n -> n >= 1);
                assertThat(stops).as("every service kind stopped once with SIGTERM").hasSize(Kind.values().length);
                stops.forEach((kind, stop) -> assertThat(stop).as(kind.id + " on SIGTERM: exits 143 (the JVM's status "
                        + "after its shutdown hooks ran) and logs its clean stop").satisfies(s -> {
                            assertThat(s.exitCode()).isEqualTo(143);
                            assertThat(s.loggedCleanStop()).isTrue();
                        }));
            }
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    @DisplayName("a Kafka broker restart and then a Redis crash and restart during a run: every ticket completes")
    void shouldCompleteEveryTicketWhenKafkaAndThenRedisRestart() throws Exception {
        Path dir = runDir("restart-" + SEED);
        int tickets = TICKETS;
        System.out.println("[chaos] broker and Redis restarts, seed " + SEED + ", " + tickets + " tickets, logs in " + dir);
        try (KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"));
                DurableRedis redis = DurableRedis.start(dir.resolve("redis"))) {
            kafka.createTopics(3, Topics.ALL.toArray(String[]::new));
            try (var platform = new ChaosPlatform(dir, kafka.bootstrapServers(), redis.uri(), COORDINATOR);
                    var blackboard = Blackboard.connect(redis.uri())) {
                Map<String, GitRepo> repos = repos(dir, "r", tickets);
                Instant start = Instant.now();
                var random = new Random(SEED);
                Thread submitter = submitOverTime(platform, repos, new Random(SEED ^ 0x5EEDL), Duration.ofSeconds(2));
                Thread.sleep(4_000 + random.nextInt(4_000));
                long kafkaAt = Duration.between(start, Instant.now()).toMillis();
                kafka.restart();
                long kafkaBack = Duration.between(start, Instant.now()).toMillis();
                System.out.printf("[chaos] Kafka broker restarted at t+%.1fs, serving again at t+%.1fs%n",
                        kafkaAt / 1000.0, kafkaBack / 1000.0);
                Thread.sleep(6_000 + random.nextInt(6_000));
                long redisAt = Duration.between(start, Instant.now()).toMillis();
                redis.crash();
                long redisBack = Duration.between(start, Instant.now()).toMillis();
                System.out.printf("[chaos] Redis SIGKILLed at t+%.1fs, serving again at t+%.1fs%n", redisAt / 1000.0,
                        redisBack / 1000.0);
                submitter.join(Duration.ofMinutes(5).toMillis());
                boolean settled = awaitTerminal(blackboard, repos.keySet(), SETTLE_TIMEOUT);
                var report = ChaosReport.collect(blackboard, kafka.bootstrapServers(), repos);
                System.out.println(report.render("chaos: Kafka broker restart, then Redis crash (AOF) and restart",
                        List.of("command    ./mvnw -B -pl launcher -am verify -Dit.test=ChaosIT#shouldCompleteEveryTicketWhenKafkaAndThenRedisRestart -Dbaton.chaos.seed=" + SEED + " -Dbaton.chaos.tickets=" + tickets,
                                String.format("broker restart t+%.1fs..t+%.1fs, Redis crash t+%.1fs..t+%.1fs, took %d s%s",
                                        kafkaAt / 1000.0, kafkaBack / 1000.0, redisAt / 1000.0, redisBack / 1000.0,
                                        Duration.between(start, Instant.now()).toSeconds(),
                                        settled ? "" : " (NOT settled)"))));
                assertGuarantees(report);
                assertThat(report.count(TicketState.DELIVERED)).as("every ticket delivered after the restarts; "
                        + "failures:%n%s", failures(report)).isEqualTo(tickets);
            }
        }
    }

    static void assertGuarantees(ChaosReport report) {
        assertThat(report.lost()).as("tickets lost (not terminal, or no record):%n%s", failures(report)).isZero();
        assertThat(report.duplicatedCommits()).as("commits on a baton/<ticket> branch the coordinator never recorded: "
                + "an attempt's commit and push whose result was refused (e.g. as stale after a deadline re-dispatch), "
                + "so the work was done again or left orphaned; the tickets are listed in the report above")
                .isZero();
        assertThat(report.duplicatedPushes()).as("pushes beyond one per recorded commit (see the report above)")
                .isZero();
        assertThat(report.missingCommits()).as("recorded commits missing from the branch (see the report above)")
                .isZero();
    }

    static String failures(ChaosReport report) {
        var out = new StringBuilder();
        report.outcomes().stream().filter(o -> o.state() != TicketState.DELIVERED)
                .forEach(o -> out.append("  ").append(o.id()).append(' ').append(o.state()).append(": ")
                        .append(o.reason()).append('\n'));
        return out.toString();
    }

    static Path runDir(String name) throws Exception {
        return Files.createDirectories(Path.of("target", "chaos", name + "-" + System.currentTimeMillis()))
                .toAbsolutePath();
    }

    static Map<String, GitRepo> repos(Path dir, String prefix, int count) {
        Map<String, GitRepo> repos = new LinkedHashMap<>();
        for (int i = 1; i <= count; i++) {
            String id = String.format("%s-%d-%02d", prefix, SEED % 100_000, i);
            GitRepo repo = GitFixture.createBare(dir.resolve("repos"), id + ".git", Map.of("README.md", "# " + id + "\n"));
            ChaosReport.recordPushes(repo);
            repos.put(id, repo);
        }
        return repos;
    }

    /** Submits one ticket per repository, each after a random pause of up to {@code maxGap}. */
    static Thread submitOverTime(ChaosPlatform platform, Map<String, GitRepo> repos, Random random, Duration maxGap) {
        return Thread.ofVirtual().name("chaos-submitter").start(() -> {
            try {
                for (var entry : repos.entrySet()) {
                    Thread.sleep(random.nextLong(maxGap.toMillis()));
                    platform.submit(new TicketSubmitted(entry.getKey(), entry.getValue().url(), "main",
                            "Chaos ticket " + entry.getKey(), "Record the ticket.", "chaos"));
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot submit", e);
            }
        });
    }

    /** Polls until every ticket is terminal; Redis may be briefly down, so read errors are retried. */
    static boolean awaitTerminal(Blackboard blackboard, Iterable<String> ids, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                boolean all = true;
                for (String id : ids) {
                    var state = blackboard.ticket(id).map(v -> v.value().state()).orElse(null);
                    all &= state != null && state.isTerminal();
                }
                if (all) {
                    return true;
                }
            } catch (RuntimeException e) {
                // Redis restarting
            }
            Thread.sleep(1_000);
        }
        return false;
    }

    static String killsByKind(ChaosMonkey monkey) {
        var out = new StringBuilder("{");
        for (Kind kind : Kind.values()) {
            out.append(out.length() > 1 ? ", " : "").append(kind.id).append('=').append(monkey.kills().get(kind));
        }
        return out.append('}').toString();
    }
}
