package dev.baton.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints each figure as it is taken, then the targets of issue 9 and whether this run meets them. */
final class Report {
    private final PrintStream out;
    private final List<String> verdicts = new ArrayList<>();

    Report(PrintStream out) {
        this.out = out;
    }

    void section(String title) {
        out.println();
        out.println("== " + title);
    }

    void line(String format, Object... args) {
        out.println("  " + String.format(Locale.ROOT, format, args));
    }

    void latency(String label, Latencies l) {
        line("%-44s %s", label, l.summary());
    }

    /** Records a target and whether it is met, for the summary. */
    void target(String what, boolean met, String figure) {
        verdicts.add(String.format(Locale.ROOT, "  [%s] %s: %s", met ? "MET" : "NOT MET", what, figure));
    }

    void summary(String loadAtEnd) {
        section("targets (issue 9)");
        out.println("  load average at the end: " + loadAtEnd);
        verdicts.forEach(out::println);
        out.flush();
    }
}
