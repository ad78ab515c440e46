package dev.baton.bench;

import java.nio.file.Path;

/**
 * What one run measures, from the command line: {@code --quick} (a smoke run of a few seconds per figure),
 * {@code --samples N} (sequential round trips and handoffs), {@code --tickets N} (tickets per throughput run),
 * {@code --no-children} (skip the proxy and sandbox benchmarks), {@code --root DIR} (the repository, to find
 * them).
 */
record Options(int warmUp, int samples, int tickets, int casSeconds, boolean children, Path root) {

    static Options parse(String[] args) {
        int samples = 1000;
        int tickets = 1000;
        int casSeconds = 5;
        boolean children = true;
        Path root = Path.of(System.getProperty("bench.root", "."));
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
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --quick, --samples N, --tickets N, --no-children, --root DIR");
            }
        }
        return new Options(Math.max(50, samples / 4), samples, tickets, casSeconds, children, root);
    }
}
