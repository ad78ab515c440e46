package dev.baton.proxy.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.secrets.SecretMasker;
import dev.baton.protocol.secrets.SecretPatterns;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Masks known secret values (every value of the {@link SecretStore}, 8 characters or longer) and
 * secret-shaped strings (see {@link SecretMasker}) with {@value #MASK}. Used on every request forwarded to a
 * model and on everything the proxy logs. Immutable and thread-safe.
 */
public final class Redactor {
    public static final String MASK = SecretPatterns.MASK;

    private final SecretMasker masker;

    public Redactor(Collection<String> knownValues) {
        this.masker = new SecretMasker(knownValues);
    }

    public static Redactor of(SecretStore store) {
        return new Redactor(store.values());
    }

    public String redact(String text) {
        return masker.mask(text);
    }

    /** Redacts every string in a JSON tree in place (object keys included); returns how many changed. */
    public int redactInPlace(JsonNode node) {
        int changed = 0;
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : List.copyOf(object.properties())) {
                JsonNode value = field.getValue();
                String name = redact(field.getKey());
                if (value.isTextual()) {
                    String clean = redact(value.asText());
                    changed += clean.equals(value.asText()) ? 0 : 1;
                    value = object.textNode(clean);
                } else {
                    changed += redactInPlace(value);
                }
                if (!name.equals(field.getKey())) {
                    object.remove(field.getKey());
                    changed++;
                }
                object.set(name, value);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (value.isTextual()) {
                    String clean = redact(value.asText());
                    changed += clean.equals(value.asText()) ? 0 : 1;
                    array.set(i, array.textNode(clean));
                } else {
                    changed += redactInPlace(value);
                }
            }
        }
        return changed;
    }
}
