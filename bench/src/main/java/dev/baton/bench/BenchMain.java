package dev.baton.bench;

import dev.baton.coordinator.Coordinator;
import dev.baton.coordinator.CoordinatorConfig;
import dev.baton.protocol.config.ConfigSource;
import dev.baton.protocol.token.TaskTokens;
import dev.baton.testkit.KafkaBroker;
import dev.baton.testkit.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * Baton's control plane against Kafka's own limit, in one run, on a broker and Redis it starts itself (the same
 * testkit broker and Kafka client settings {@code baton up} uses): the Kafka floor, one coordinator handoff,
 * full tickets per second with instant agents (1 and 2 replicas per role), compare-and-set under contention,
 * then the vault proxy's and the sandbox's own benchmarks. Prints figures only; see BENCHMARKS.md.
 */
public final class BenchMain {
    private static final int PARTITIONS = 3;

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        var report = new Report(System.out);
        report.section("machine");
        report.line("%s", Machine.describe());
        report.line("load average at start: %s (anything above ~0.5 means other work shares these cores)",
                Machine.load());
        String run = "b" + UUID.randomUUID().toString().substring(0, 6);
        Path dir = Files.createTempDirectory("baton-bench-");
        try (KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka")); RedisServer redis = RedisServer.start()) {
            report.line("broker %s (testkit KRaft, as `baton up`), redis %s", kafka.bootstrapServers(), redis.uri());
            String bootstrap = kafka.bootstrapServers();
            try (Coordinator coordinator = coordinator(bootstrap, redis.uri())) {
                if (options.runs("latency")) {
                    latency(kafka, run, options, report);
                }
                if (options.runs("throughput")) {
                    ThroughputRuns.run(bootstrap, redis.uri(), run, options, dir,
                            () -> coordinator(bootstrap, redis.uri()), report);
                }
            }
            if (options.runs("cas")) {
                cas(redis.uri(), run, options, report);
            }
        } finally {
            deleteQuietly(dir);
        }
        if (options.children()) {
            var children = new ChildBenchmarks(options.root(), System.out);
            report.section("vault proxy: its own LatencyBenchmark (own broker, Redis and scripted upstream)");
            children.vaultProxy(100, 10);
            report.section("engineer sandbox: its own benchmark");
            children.sandbox(5);
        }
        report.summary(Machine.load());
        System.exit(0);
    }

    private static Coordinator coordinator(String bootstrap, String redisUri) {
        var config = CoordinatorConfig.load(new ConfigSource(
                Map.of("BATON_KAFKA_BOOTSTRAP", bootstrap, "BATON_REDIS_URI", redisUri), null));
        var tokens = new TaskTokens("bench-token-key-" + UUID.randomUUID(), Clock.systemUTC());
        return new Coordinator(config, tokens::mint);
    }

    private static void latency(KafkaBroker kafka, String run, Options o, Report report)
            throws InterruptedException {
        var r = LatencyRun.measure(kafka, PARTITIONS, run, o.warmUp(), o.samples() / 2);
        report.section("physical floor: Kafka alone, Baton's client settings, one message in flight");
        report.latency("one hop (produce -> consume)", r.hop());
        report.latency("round trip (produce -> relay -> consume)", r.roundTrip());
        report.section("one coordinator handoff: WorkResult in -> CAS stored -> next WorkOrder consumed"
                + " (interleaved with the floor)");
        report.latency("PM -> Engineer (plan in, order out)", r.planned());
        report.latency("Engineer -> Reviewer (commit in, order out)", r.committed());
        Latencies all = r.handoffs();
        Latencies floor = r.roundTrip();
        report.latency("all handoffs", all);
        double p99 = all.p99() / floor.p99();
        report.line("ratio to the Kafka round trip: p50 %.2fx, p90 %.2fx, p99 %.2fx (target: p99 <= 1.5x)",
                all.p50() / floor.p50(), all.ms(0.9) / floor.ms(0.9), p99);
        report.line("the coordinator's own cost (handoff - round trip): p50 %.2f ms, p90 %.2f ms",
                all.p50() - floor.p50(), all.ms(0.9) - floor.ms(0.9));
        report.target("one handoff <= 1.5x a raw Kafka round trip at p99", p99 <= 1.5, String.format(
                java.util.Locale.ROOT, "%.2f ms vs %.2f ms = %.2fx", all.p99(), floor.p99(), p99));
    }

    private static void cas(String redisUri, String run, Options o, Report report) throws InterruptedException {
        report.section("blackboard compare-and-set on ONE ticket (Blackboard.update, own connection per writer)");
        for (int writers : new int[] {1, 8, 32}) {
            var r = CasContention.run(redisUri, run + "-cas" + writers, writers, Duration.ofSeconds(o.casSeconds()));
            report.line("%2d writer(s): %8.0f writes/s applied, %8.0f attempts/s, %7d stale refused, final version"
                    + " %d = %d applied + 1: %s", writers, r.appliedPerSecond(), r.attemptsPerSecond(), r.stale(),
                    r.finalVersion(), r.applied(), r.noneLost() ? "none lost" : "LOST UPDATES");
            if (writers > 1) {
                report.target("compare-and-set with " + writers + " writers loses nothing", r.noneLost(),
                        r.applied() + " applied, " + r.stale() + " refused, version " + r.finalVersion());
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            // a temp dir left behind is harmless
        }
    }
}
