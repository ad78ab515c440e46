package dev.baton.telemetry.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A metric family: one name, help and type, and one cell per combination of label values. Thread-safe: cells
 * are created on first use and updated lock-free.
 */
abstract sealed class Family<C> permits Counter, Gauge, Histogram, Callback {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final int MAX_LABEL_VALUE = 200;

    final String name;
    final String help;
    final String type;
    final List<String> labels;
    private final Map<List<String>, C> cells = new ConcurrentHashMap<>();
    private final Function<List<String>, C> newCell;

    Family(String name, String help, String type, String[] labels, Function<List<String>, C> newCell) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid Prometheus metric name");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches() || label.startsWith("__") || label.equals("le")) {
                throw new IllegalArgumentException("'" + label + "' is not a valid label name of " + name);
            }
        }
        this.name = name;
        this.help = help;
        this.type = type;
        this.labels = List.of(labels);
        this.newCell = newCell;
        if (labels.length == 0) {
            cell(); // a family without labels shows 0 from the start
        }
    }

    /** The cell of these label values, created on first use. */
    final C cell(String... values) {
        if (values.length != labels.size()) {
            throw new IllegalArgumentException(name + " takes " + labels.size() + " label value(s) " + labels
                    + ", not " + values.length);
        }
        return cells.computeIfAbsent(Arrays.stream(values).map(Family::clean).toList(), newCell);
    }

    /** The cells sorted by label values, for a stable exposition. */
    final Map<List<String>, C> cells() {
        var sorted = new TreeMap<List<String>, C>((a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b)));
        sorted.putAll(cells);
        return sorted;
    }

    /** Appends this family's samples (after its HELP and TYPE lines). */
    abstract void samples(TextFormat out);

    private static String clean(String value) {
        String v = value == null ? "" : value;
        return v.length() > MAX_LABEL_VALUE ? v.substring(0, MAX_LABEL_VALUE) : v;
    }
}
