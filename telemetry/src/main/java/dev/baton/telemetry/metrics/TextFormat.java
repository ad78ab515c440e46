package dev.baton.telemetry.metrics;

import java.util.List;

/** Writes the Prometheus text exposition format, version 0.0.4. Not thread-safe. */
final class TextFormat {
    private final StringBuilder out = new StringBuilder(4096);

    void family(Family<?> family) {
        out.append("# HELP ").append(family.name).append(' ')
                .append(family.help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        out.append("# TYPE ").append(family.name).append(' ').append(family.type).append('\n');
    }

    void sample(String name, List<String> labels, List<String> values, double value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{');
            for (int i = 0; i < labels.size(); i++) {
                out.append(i == 0 ? "" : ",").append(labels.get(i)).append("=\"")
                        .append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                        .append('"');
            }
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
