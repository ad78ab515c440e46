package dev.baton.coordinator.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.baton.protocol.Json;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Approval gates: rules that send a ticket to AWAITING_APPROVAL when its plan (before implementing) or its
 * diff (before delivering) touches matching paths. Read from the JSON file named by {@code gates.file}:
 * <pre>{"rules":[{"name":"migrations","stage":"before-implementing","paths":["db/migrations/**"]}]}</pre>
 */
public record GatePolicy(List<Rule> rules) {
    public static final GatePolicy NONE = new GatePolicy(List.of());

    public enum Stage {
        @JsonProperty("before-implementing") BEFORE_IMPLEMENTING,
        @JsonProperty("before-delivering") BEFORE_DELIVERING
    }

    public GatePolicy {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    public static GatePolicy load(Path file) {
        try {
            return Json.MAPPER.readValue(file.toFile(), GatePolicy.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read the approval gates file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The first rule of {@code stage} matching one of {@code paths}, described for the audit trail. */
    public Optional<String> match(Stage stage, Collection<String> paths) {
        for (Rule rule : rules) {
            if (rule.stage() != stage) {
                continue;
            }
            for (String path : paths) {
                if (rule.matches(path)) {
                    return Optional.of("gate '" + rule.name() + "' matches " + path);
                }
            }
        }
        return Optional.empty();
    }

    public record Rule(String name, Stage stage, List<String> paths) {
        public Rule {
            if (name == null || stage == null || paths == null || paths.isEmpty()) {
                throw new IllegalArgumentException("a gate rule needs a name, a stage and at least one path glob");
            }
            paths = List.copyOf(paths);
        }

        boolean matches(String path) {
            Path p = Path.of(path);
            return paths.stream().anyMatch(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(p));
        }
    }
}
