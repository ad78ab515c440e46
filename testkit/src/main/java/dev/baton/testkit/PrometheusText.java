package dev.baton.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4), for tests of {@code /metrics}: every line must
 * be a {@code # HELP}, a {@code # TYPE}, a comment or a sample; a family's samples follow its TYPE and stay together;
 * no series appears twice; counters are not negative; a histogram has cumulative buckets ending in {@code +Inf},
 * equal to its {@code _count}. {@link #parse} throws {@link IllegalArgumentException} naming the line otherwise.
 * Immutable.
 */
public final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+-?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\[\\\\\"n])*)\"\\s*(,|$)");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private final Map<String, String> types;
    private final List<Sample> samples;

    private PrometheusText(Map<String, String> types, List<Sample> samples) {
        this.types = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(types));
        this.samples = List.copyOf(samples);
    }

    public static PrometheusText parse(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        List<Sample> samples = new ArrayList<>();
        Set<String> closed = new HashSet<>();
        Set<String> series = new HashSet<>();
        String current = null;
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("# TYPE ") || line.startsWith("# HELP ")) {
                String[] parts = line.substring(7).split(" ", 2);
                check(NAME.matcher(parts[0]).matches(), n, line, "a metric name");
                if (line.startsWith("# TYPE ")) {
                    check(parts.length == 2 && TYPES.contains(parts[1]), n, line, "a known type");
                    check(types.putIfAbsent(parts[0], parts[1]) == null, n, line, "one TYPE per family");
                    check(!closed.contains(parts[0]), n, line, "its TYPE before its samples");
                }
                if (!parts[0].equals(current) && current != null) {
                    closed.add(current);
                }
                current = parts[0];
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            Sample sample = sample(line, n);
            String family = family(sample.name(), types);
            check(family.equals(current) || !closed.contains(family), n, line, "the samples of a family together");
            if (!family.equals(current) && current != null) {
                closed.add(current);
            }
            current = family;
            check(series.add(sample.name() + new TreeMap<>(sample.labels())), n, line, "no series twice");
            check(!"counter".equals(types.get(family)) || sample.value() >= 0, n, line, "a counter not below 0");
            samples.add(sample);
        }
        PrometheusText parsed = new PrometheusText(types, samples);
        types.forEach((family, type) -> {
            if (type.equals("histogram")) {
                parsed.checkHistogram(family);
            }
        });
        return parsed;
    }

    /** The families' declared types, by name. */
    public Map<String, String> types() {
        return types;
    }

    /** The samples named {@code name} (for a histogram, ask for {@code x_bucket}, {@code x_sum} or {@code x_count}). */
    public List<Sample> samples(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** The value of the sample {@code name} whose labels include {@code labels}, summed if several match; 0 if none. */
    public double value(String name, Map<String, String> labels) {
        return samples(name).stream().filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).sum();
    }

    public double value(String name) {
        return value(name, Map.of());
    }

    private void checkHistogram(String family) {
        Map<Map<String, String>, List<Sample>> byLabels = new HashMap<>();
        for (Sample bucket : samples(family + "_bucket")) {
            Map<String, String> labels = new HashMap<>(bucket.labels());
            if (labels.remove("le") == null) {
                throw new IllegalArgumentException(family + "_bucket without le: " + bucket);
            }
            byLabels.computeIfAbsent(labels, k -> new ArrayList<>()).add(bucket);
        }
        byLabels.forEach((labels, buckets) -> {
            double last = -1;
            for (Sample bucket : buckets) {
                if (bucket.value() < last) {
                    throw new IllegalArgumentException(family + " buckets are not cumulative for " + labels);
                }
                last = bucket.value();
            }
            Sample top = buckets.get(buckets.size() - 1);
            if (!top.labels().get("le").equals("+Inf") || top.value() != value(family + "_count", labels)) {
                throw new IllegalArgumentException(family + " does not end in +Inf equal to its _count for " + labels);
            }
        });
    }

    private static Sample sample(String line, int n) {
        Matcher m = SAMPLE.matcher(line);
        check(m.matches(), n, line, "name{labels} value");
        Map<String, String> labels = new LinkedHashMap<>();
        if (m.group(3) != null && !m.group(3).isBlank()) {
            Matcher label = LABEL.matcher(m.group(3));
            int at = 0;
            while (at < m.group(3).length()) {
                check(label.find(at) && label.start() == at, n, line, "label=\"value\" pairs");
                check(labels.put(label.group(1), label.group(2).replace("\\n", "\n").replace("\\\"", "\"")
                        .replace("\\\\", "\\")) == null, n, line, "each label once");
                at = label.end();
            }
        }
        return new Sample(m.group(1), labels, number(m.group(4), n, line));
    }

    private static double number(String text, int n, String line) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("line " + n + " has no number value: " + line);
                }
            }
        };
    }

    private static String family(String sample, Map<String, String> types) {
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                if ("histogram".equals(types.get(base)) || "summary".equals(types.get(base))) {
                    return base;
                }
            }
        }
        return sample;
    }

    private static void check(boolean ok, int n, String line, String expected) {
        if (!ok) {
            throw new IllegalArgumentException("line " + n + " breaks the text format (expected " + expected + "): "
                    + line);
        }
    }
}
