package dev.baton.proxy.git;

import dev.baton.proxy.secrets.SecretPatterns;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds secrets in the lines a commit adds: every known secret value (8+ characters) and every
 * secret-shaped string of {@link SecretPatterns}. A finding names the commit, file, line and kind, never
 * the secret itself. Immutable and thread-safe.
 */
final class SecretScanner {
    private static final Pattern HUNK = Pattern.compile("^@@ -\\d+(?:,\\d+)? \\+(\\d+)(?:,\\d+)? @@");

    /** Where a secret was found. */
    record Finding(String commit, String file, int line, String kind) {
        @Override
        public String toString() {
            return "commit " + commit.substring(0, Math.min(12, commit.length())) + " " + file + ":" + line + " ("
                    + kind + ")";
        }
    }

    private final List<String> known;

    SecretScanner(Collection<String> knownValues) {
        this.known = knownValues.stream().filter(v -> v != null && v.length() >= 8).distinct().toList();
    }

    /** Scans {@code git show --format=%H -p --unified=0} output of one commit. */
    List<Finding> scan(String commit, String diff) {
        List<Finding> findings = new ArrayList<>();
        String file = "?";
        int line = 0;
        StringBuilder added = new StringBuilder();
        int addedStart = 0;
        for (String text : diff.split("\n", -1)) {
            if (text.startsWith("+++ ")) {
                file = text.startsWith("+++ b/") ? text.substring(6) : text.substring(4);
            } else if (text.startsWith("@@")) {
                Matcher hunk = HUNK.matcher(text);
                line = hunk.find() ? Integer.parseInt(hunk.group(1)) : 0;
            } else if (text.startsWith("+")) {
                check(commit, file, line, text.substring(1), findings);
                if (added.isEmpty()) {
                    addedStart = line;
                }
                added.append(text.substring(1)).append('\n');
                line++;
            } else if (!added.isEmpty()) {
                checkBlock(commit, file, addedStart, added.toString(), findings);
                added.setLength(0);
            }
        }
        if (!added.isEmpty()) {
            checkBlock(commit, file, addedStart, added.toString(), findings);
        }
        return findings;
    }

    private void check(String commit, String file, int line, String text, List<Finding> findings) {
        for (String value : known) {
            if (text.contains(value)) {
                findings.add(new Finding(commit, file, line, "configured secret value"));
            }
        }
        for (SecretPatterns.Shape shape : SecretPatterns.ALL) {
            if (shape.pattern().matcher(text).find()) {
                findings.add(new Finding(commit, file, line, shape.name()));
            }
        }
    }

    /** Multi-line shapes (a whole private key) only show in a block of consecutive added lines. */
    private void checkBlock(String commit, String file, int start, String block, List<Finding> findings) {
        if (findings.stream().anyMatch(f -> f.file().equals(file) && f.line() >= start)) {
            return;
        }
        check(commit, file, start, block, findings);
    }
}
