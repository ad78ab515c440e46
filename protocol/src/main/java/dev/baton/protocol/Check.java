package dev.baton.protocol;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Field validation for compact constructors. Every failure names the field and the limit. */
public final class Check {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Size limits on user-supplied fields, in characters. */
    public static final int MAX_TITLE = 200;
    public static final int MAX_TEXT = 20_000;
    public static final int MAX_OUTPUT = 64 * 1024;
    public static final int MAX_LIST = 100;
    /** A unified diff carried in a message (an Engineer's commit, the previous round's diff for the next round). */
    public static final int MAX_DIFF = 32 * 1024;

    private Check() {}

    /** An identifier usable in a branch name, a Redis key and a Kafka key. */
    public static String id(String value, String field) {
        Objects.requireNonNull(value, field);
        if (!ID.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must match " + ID.pattern() + ", got '" + clip(value) + "'");
        }
        return value;
    }

    public static String text(String value, String field, int max) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return optional(value, field, max);
    }

    public static String optional(String value, String field, int max) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(field + " is " + value.length() + " characters, the limit is " + max);
        }
        return value;
    }

    public static <T> List<T> list(List<T> value, String field, int max) {
        if (value == null) {
            return List.of();
        }
        if (value.size() > max) {
            throw new IllegalArgumentException(field + " has " + value.size() + " entries, the limit is " + max);
        }
        return List.copyOf(value);
    }

    /**
     * Cuts {@code value} to at most {@code max} characters with the cut marked in the text, for content that is
     * capped rather than refused (diffs, outlines). Null stays null.
     */
    public static String cut(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        String mark = "\n…[cut: " + value.length() + " characters, the limit is " + max + "]\n";
        return mark.length() >= max ? value.substring(0, max) : value.substring(0, max - mark.length()) + mark;
    }

    public static int nonNegative(int value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, got " + value);
        }
        return value;
    }

    private static String clip(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }
}
