package dev.baton.protocol.secrets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Masks known secret values (those of 8 characters or more) and secret-shaped strings ({@link SecretPatterns}) with
 * {@link SecretPatterns#MASK}: what the vault proxy's redaction and every service's log lines share. Immutable and
 * thread-safe.
 */
public final class SecretMasker {
    private static final int MIN_KNOWN = 8;

    private final List<String> known;

    public SecretMasker(Collection<String> knownValues) {
        List<String> values = new ArrayList<>(knownValues.stream()
                .filter(v -> v != null && v.length() >= MIN_KNOWN).distinct().toList());
        values.sort(Comparator.comparingInt(String::length).reversed()); // a secret containing another goes first
        this.known = List.copyOf(values);
    }

    /** A masker that also knows {@code more}. */
    public SecretMasker with(Collection<String> more) {
        List<String> all = new ArrayList<>(known);
        all.addAll(more);
        return new SecretMasker(all);
    }

    public String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String value : known) {
            if (out.contains(value)) {
                out = out.replace(value, SecretPatterns.MASK);
            }
        }
        return SecretPatterns.maskShapes(out);
    }
}
