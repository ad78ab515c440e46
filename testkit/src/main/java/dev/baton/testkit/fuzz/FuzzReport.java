package dev.baton.testkit.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The figures of one fuzz run of one entry point: how many inputs, how each ended (an HTTP status, a dead-letter
 * code, "applied"), and the unacceptable ones with what was wrong. {@link #print()} writes them to standard output
 * and appends one Markdown table row to {@code target/fuzz/report.md}, so a run's figures can be pasted as they
 * are. Thread-safe.
 */
public final class FuzzReport {
    /** Where {@link #print()} appends its row, relative to the module a test runs in. */
    public static final Path TABLE = Path.of("target", "fuzz", "report.md");
    private static final int KEPT_PER_KIND = 3;

    private final String service;
    private final String entry;
    private final long seed;
    private final Instant started = Instant.now();
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final Map<String, List<String>> problems = new TreeMap<>();
    private int inputs;
    private int unacceptable;

    public FuzzReport(String service, String entry, long seed) {
        this.service = service;
        this.entry = entry;
        this.seed = seed;
    }

    /** The service and the entry point, e.g. {@code vault-proxy chat completions}. */
    public String name() {
        return service + " " + entry;
    }

    /** One input ended as {@code outcome}. */
    public synchronized void outcome(String outcome) {
        inputs++;
        outcomes.merge(outcome, 1, Integer::sum);
    }

    /** An unacceptable answer: {@code kind} groups alike problems, {@code detail} shows one (input and answer). */
    public synchronized void problem(String kind, String detail) {
        unacceptable++;
        List<String> kept = problems.computeIfAbsent(kind, k -> new ArrayList<>());
        if (kept.size() < KEPT_PER_KIND) {
            kept.add(detail);
        }
    }

    public synchronized int inputs() {
        return inputs;
    }

    public synchronized int unacceptable() {
        return unacceptable;
    }

    public synchronized Map<String, Integer> outcomes() {
        return Map.copyOf(outcomes);
    }

    /** The kinds of problems seen, each with its first examples; empty when every answer was acceptable. */
    public synchronized Map<String, List<String>> problems() {
        return Map.copyOf(problems);
    }

    /** Prints the figures and the problems, and appends the figures' table row to {@link #TABLE}. */
    public synchronized void print() {
        String figures = outcomes.entrySet().stream().map(e -> e.getKey() + " " + String.format("%,d", e.getValue()))
                .collect(Collectors.joining(", "));
        long seconds = Duration.between(started, Instant.now()).toSeconds();
        System.out.printf("[fuzz] %s, %s: %,d inputs (seed %d) in %d s: %s; unacceptable %,d%n", service, entry, inputs,
                seed, seconds, figures, unacceptable);
        problems.forEach((kind, examples) -> {
            System.out.println("[fuzz]   " + kind);
            examples.forEach(e -> System.out.println("[fuzz]     " + e));
        });
        String row = String.format("| %s | %s | %,d | %s | %,d | %d s |%n", service, entry, inputs, figures,
                unacceptable, seconds);
        try {
            Files.createDirectories(TABLE.getParent());
            Files.writeString(TABLE, row, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append the fuzz figures to " + TABLE.toAbsolutePath(), e);
        }
    }

    /** The first examples of each problem, for an assertion's message. */
    public synchronized String firstProblems() {
        return problems.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().getFirst())
                .collect(Collectors.joining("\n"));
    }

    /** Shortens {@code text} to a line of at most {@code max} characters, for showing inputs and answers. */
    public static String clip(String text, int max) {
        String flat = text.replaceAll("[\\r\\n]+", "⏎");
        return flat.length() > max ? flat.substring(0, max) + "…" : flat;
    }
}
