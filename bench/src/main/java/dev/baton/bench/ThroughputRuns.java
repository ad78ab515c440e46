package dev.baton.bench;

import dev.baton.coordinator.Coordinator;
import dev.baton.protocol.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The throughput section: a warm-up burst then {@value #BURSTS} measured bursts per setup, with 1 then 2 instant agents per
 * role (one coordinator), then 2 agents per role and 2 coordinators (the coordinator scales out the same way: a
 * consumer group over the ticket-keyed partitions, compare-and-set keeping concurrent writers safe).
 */
final class ThroughputRuns {
    private static final double CORES = Runtime.getRuntime().availableProcessors();
    /** Measured bursts per setup; the median is reported, since other work on the machine makes single runs vary. */
    private static final int BURSTS = 3;

    record Setup(int agentsPerRole, int coordinators) {
        String label() {
            return agentsPerRole + " agent(s)/role, " + coordinators + " coordinator(s)";
        }
    }

    private static final List<Setup> SETUPS = List.of(new Setup(1, 1), new Setup(2, 1), new Setup(2, 2));

    private ThroughputRuns() {}

    /** Runs every setup; {@code extraCoordinator} starts one more coordinator next to the running one. */
    static void run(String bootstrap, String redisUri, String runId, Options o, Path dir,
            Supplier<Coordinator> extraCoordinator, Report report) throws InterruptedException {
        report.section("throughput: full tickets (PM -> Engineer -> Reviewer), instant model, bursts of "
                + o.tickets());
        var extra = new ArrayList<Coordinator>();
        double first = 0;
        try {
            for (Setup setup : SETUPS) {
                while (extra.size() + 1 < setup.coordinators()) {
                    extra.add(extraCoordinator.get());
                }
                var m = measure(bootstrap, redisUri, runId, o, dir, setup, setup == SETUPS.getFirst());
                var r = m.median();
                print(report, setup, m);
                boolean complete = m.complete();
                String figure = String.format(Locale.ROOT, "%.1f/s", r.perSecond());
                if (setup.agentsPerRole() == 1) {
                    first = r.perSecond();
                    report.target(">= 50 full tickets/s, " + setup.label(), complete && first >= 50, figure);
                } else {
                    report.target(">= 50 full tickets/s and growing, " + setup.label(),
                            complete && r.perSecond() >= 50 && r.perSecond() > first * 1.1,
                            figure + String.format(Locale.ROOT, " = %.2fx the 1-agent figure", r.perSecond() / first));
                }
            }
        } finally {
            for (Coordinator c : extra) {
                c.close();
            }
        }
    }

    private static Measured measure(String bootstrap, String redisUri, String runId, Options o,
            Path dir, Setup setup, boolean first) throws InterruptedException {
        BenchKafka.skipToEnd(bootstrap, Stream.of(Role.values())
                .collect(Collectors.toMap(r -> "baton-" + r.id(), Role::workTopic)));
        String id = runId + "-" + setup.agentsPerRole() + setup.coordinators();
        try (var agents = InstantAgents.start(bootstrap, redisUri, setup.agentsPerRole(), dir.resolve("work"))) {
            // The first setup also warms the JIT up, so that it is not charged for compiling the others' code.
            int warmUp = first ? Math.max(200, o.tickets()) : Math.max(100, o.tickets() / 2);
            ThroughputBench.run(bootstrap, id + "w", warmUp, Duration.ofSeconds(120));
            var bursts = new ArrayList<ThroughputBench.Result>();
            for (int i = 0; i < BURSTS; i++) {
                bursts.add(ThroughputBench.run(bootstrap, id + "t" + i, o.tickets(), Duration.ofSeconds(120)));
            }
            bursts.sort(Comparator.comparingDouble(ThroughputBench.Result::perSecond));
            return new Measured(bursts.get(BURSTS / 2), bursts.getFirst().perSecond(), bursts.getLast().perSecond(),
                    bursts.stream().allMatch(b -> b.delivered() == b.tickets()));
        }
    }

    /** The median burst, the slowest and fastest bursts' rates, and whether every burst delivered every ticket. */
    private record Measured(ThroughputBench.Result median, double min, double max, boolean complete) {}

    private static void print(Report report, Setup setup, Measured m) {
        var r = m.median();
        report.line("%-36s %7.1f tickets/s  (median of %d bursts, %.1f-%.1f/s; median burst: %d delivered, %d failed,"
                + " %d missing, in %.2f s)", setup.label() + ":", r.perSecond(), BURSTS, m.min(), m.max(),
                r.delivered(), r.failed(), r.tickets() - r.delivered() - r.failed(), r.seconds());
        report.latency("  submit -> DELIVERED per ticket", r.latency());
        report.line("  CPU per ticket: %s", r.cpuMsPerTicket().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.1f ms", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ")));
        report.line("  Baton + Kafka + Redis = %.1f ms CPU per ticket -> at most %.0f tickets/s on %d idle cores",
                r.cpuMs(), CORES * 1000 / r.cpuMs(), (int) CORES);
    }
}
