package dev.baton.bench;

import java.nio.file.Path;
import java.util.Set;

/**
 * What one run measures, from the command line: {@code --quick} (a smoke run of a few seconds per figure),
 * {@code --samples N} (handoffs, and as many Kafka round trips), {@code --tickets N} (tickets per throughput run),
 * {@code --no-children} (skip the proxy and sandbox benchmarks), {@code --root DIR} (the repository, to find
 * them), {@code --only latency,throughput,cas} (just those, without the proxy and sandbox).
 */
record Options(int warmUp, int samples, int tickets, int casSeconds, boolean children, Path root,
        Set<String> phases) {
    static final Set<String> ALL = Set.of("latency", "throughput", "cas");

    boolean runs(String phase) {
        return phases.contains(phase);
    }

    static Options parse(String[] args) {
        int samples = 1000;
        int tickets = 600;
        int casSeconds = 4;
        boolean children = true;
        Path root = Path.of(System.getProperty("bench.root", "."));
        Set<String> phases = ALL;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> {
                    samples = 200;
                    tickets = 200;
                    casSeconds = 2;
                }
                case "--samples" -> samples = Integer.parseInt(args[++i]);
                case "--tickets" -> tickets = Integer.parseInt(args[++i]);
                case "--no-children" -> children = false;
                case "--root" -> root = Path.of(args[++i]);
                case "--only" -> {
                    phases = Set.of(args[++i].split(","));
                    if (!ALL.containsAll(phases)) {
                        throw new IllegalArgumentException("--only takes a comma-separated subset of " + ALL);
                    }
                    children = false;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --quick, --samples N, --tickets N, --only PHASES, --no-children, --root DIR");
            }
        }
        return new Options(Math.max(50, samples / 4), samples, tickets, casSeconds, children, root, phases);
    }
}
