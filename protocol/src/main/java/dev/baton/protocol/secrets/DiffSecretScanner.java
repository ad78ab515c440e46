package dev.baton.protocol.secrets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds secrets in the lines a unified diff adds ({@code git diff --unified=0}, {@code git show -p
 * --unified=0}): every known secret value (8+ characters) and every secret-shaped string of
 * {@link SecretPatterns}. A finding names the file, line and kind, never the secret itself; a file name
 * that is itself secret-shaped is masked. Used by the vault proxy's git relay on every pushed commit and by
 * the Engineer on its staged change before it commits. Immutable and thread-safe.
 */
public final class DiffSecretScanner {
    private static final Pattern HUNK = Pattern.compile("^@@ -\\d+(?:,\\d+)? \\+(\\d+)(?:,\\d+)? @@");
    private static final int MIN_KNOWN = 8;

    /** Where a secret was found: the file as the diff names it, the line in the new file, the kind of secret. */
    public record Finding(String file, int line, String kind) {
        @Override
        public String toString() {
            return file + ":" + line + " (" + kind + ")";
        }
    }

    private final List<String> known;

    /** @param knownValues secret values to look for besides the shapes; shorter than 8 characters are ignored */
    public DiffSecretScanner(Collection<String> knownValues) {
        this.known = knownValues.stream().filter(v -> v != null && v.length() >= MIN_KNOWN).distinct().toList();
    }

    /** A scanner for the shapes only, for code that knows no secret value (the agents). */
    public static DiffSecretScanner shapesOnly() {
        return new DiffSecretScanner(List.of());
    }

    /** The findings in {@code diff}, in diff order; empty when it adds nothing secret. Never throws. */
    public List<Finding> scan(String diff) {
        List<Finding> findings = new ArrayList<>();
        String file = "?";
        int line = 0;
        StringBuilder added = new StringBuilder();
        int addedStart = 0;
        for (String text : diff.split("\n", -1)) {
            if (text.startsWith("+++ ")) {
                file = mask(text.startsWith("+++ b/") ? text.substring(6) : text.substring(4));
            } else if (text.startsWith("@@")) {
                Matcher hunk = HUNK.matcher(text);
                line = hunk.find() ? Integer.parseInt(hunk.group(1)) : 0;
            } else if (text.startsWith("+")) {
                check(file, line, text.substring(1), findings);
                if (added.isEmpty()) {
                    addedStart = line;
                }
                added.append(text.substring(1)).append('\n');
                line++;
            } else if (!added.isEmpty()) {
                checkBlock(file, addedStart, added.toString(), findings);
                added.setLength(0);
            }
        }
        if (!added.isEmpty()) {
            checkBlock(file, addedStart, added.toString(), findings);
        }
        return findings;
    }

    private void check(String file, int line, String text, List<Finding> findings) {
        for (String value : known) {
            if (text.contains(value)) {
                findings.add(new Finding(file, line, "configured secret value"));
            }
        }
        for (SecretPatterns.Shape shape : SecretPatterns.ALL) {
            if (shape.pattern().matcher(text).find()) {
                findings.add(new Finding(file, line, shape.name()));
            }
        }
    }

    /** Multi-line shapes (a whole private key) only show in a block of consecutive added lines. */
    private void checkBlock(String file, int start, String block, List<Finding> findings) {
        if (findings.stream().anyMatch(f -> f.file().equals(file) && f.line() >= start)) {
            return;
        }
        check(file, start, block, findings);
    }

    private String mask(String file) {
        String out = file;
        for (String value : known) {
            out = out.replace(value, SecretPatterns.MASK);
        }
        return SecretPatterns.maskShapes(out);
    }
}
