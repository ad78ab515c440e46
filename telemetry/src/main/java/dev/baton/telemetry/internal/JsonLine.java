package dev.baton.telemetry.internal;

/** Builds one JSON object on one line, string fields only. Not thread-safe. */
final class JsonLine {
    private final StringBuilder out = new StringBuilder(256).append('{');

    JsonLine field(String name, String value) {
        if (out.length() > 1) {
            out.append(',');
        }
        string(name);
        out.append(':');
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return this;
    }

    String end() {
        return out.append("}\n").toString();
    }

    private void string(String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c) && !paired(value, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Whether the surrogate at {@code i} is half of a valid pair (a lone one would not survive UTF-8). */
    private static boolean paired(String value, int i) {
        char c = value.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
    }
}
