package dev.baton.telemetry.internal;

import dev.baton.protocol.secrets.SecretMasker;
import dev.baton.protocol.secrets.SecretPatterns;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in log text: values the service registered ({@link dev.baton.telemetry.log.Logs#mask}) and the
 * shapes of {@link SecretMasker}, plus what only logs tend to show: the credential after {@code Bearer} or
 * {@code Basic}, a password in a URI ({@code redis://user:pw@host}) and the value of {@code password=},
 * {@code secret=}, {@code token=} or {@code api_key=}. Thread-safe: registration swaps an immutable masker.
 */
final class SecretMask {
    static final String MASK = SecretPatterns.MASK;
    private static final List<Pattern> LOG_SHAPES = List.of(
            Pattern.compile("(?i)\\b(?:bearer|basic)\\s+([A-Za-z0-9._~+/=-]{8,})"),
            Pattern.compile("://[^/\\s:@]*:([^@\\s/]+)@"),
            Pattern.compile("(?i)\\b(?:password|passwd|secret|token|api[_-]?key)[\"']?\\s*[=:]\\s*[\"']?([^\\s\"',;&}]{6,})"));

    private volatile SecretMasker known = new SecretMasker(List.of());

    synchronized void add(Collection<String> values) {
        known = known.with(values);
    }

    String apply(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = known.mask(text);
        for (Pattern shape : LOG_SHAPES) {
            out = maskGroup(shape, out);
        }
        return out;
    }

    /** Replaces only group 1 of each match, keeping what names the secret ({@code Bearer }, {@code token=}). */
    private static String maskGroup(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        do {
            if (!m.group(1).equals(MASK)) {
                out.append(text, last, m.start(1)).append(MASK);
                last = m.end(1);
            }
        } while (m.find());
        return out.append(text, last, text.length()).toString();
    }
}
