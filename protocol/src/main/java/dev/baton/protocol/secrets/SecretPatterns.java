package dev.baton.protocol.secrets;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shapes of secrets worth masking or refusing even when their value is not known: private keys and the
 * token formats of common providers. The one list the vault proxy (redaction, the git relay's push scan) and
 * the Engineer (its scan before a commit) share, so they cannot drift. Immutable and thread-safe.
 */
public final class SecretPatterns {
    /** A named pattern; the name is reported in findings, never the match. */
    public record Shape(String name, Pattern pattern) {}

    public static final List<Shape> ALL = List.of(
            shape("private key", "-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----[\\s\\S]*?-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----"),
            shape("private key header", "-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----"),
            shape("OpenAI-style API key", "\\bsk-[A-Za-z0-9_-]{20,}"),
            shape("GitHub token", "\\bgh[pousr]_[A-Za-z0-9]{30,}"),
            shape("GitHub fine-grained token", "\\bgithub_pat_[A-Za-z0-9_]{30,}"),
            shape("GitLab token", "\\bglpat-[A-Za-z0-9_-]{20,}"),
            shape("AWS access key id", "\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"),
            shape("Slack token", "\\bxox[abprs]-[A-Za-z0-9-]{10,}"),
            shape("Google API key", "\\bAIza[0-9A-Za-z_-]{35}"),
            shape("Baton task token", "\\bbt1\\.[A-Za-z0-9_-]{20,}\\.[A-Za-z0-9_-]{20,}"),
            shape("JSON web token", "\\beyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}"));

    /** What a secret is replaced with wherever one is masked. */
    public static final String MASK = "[REDACTED]";

    private SecretPatterns() {}

    /** {@code text} with every secret-shaped string replaced by {@link #MASK}. */
    public static String maskShapes(String text) {
        String out = text;
        for (Shape shape : ALL) {
            Matcher matcher = shape.pattern().matcher(out);
            if (matcher.find()) {
                out = matcher.replaceAll(MASK);
            }
        }
        return out;
    }

    private static Shape shape(String name, String regex) {
        return new Shape(name, Pattern.compile(regex));
    }
}
