package dev.baton.launcher.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What {@code baton replay} compares: per task and review round, the diff of the round's commit against the
 * run's base and the verdict (decision and whether each criterion was met), and the state the run ended in.
 */
final class ReplayReport {
    private final Map<String, String> originalDiffs = new LinkedHashMap<>();
    private final Map<String, String> replayDiffs = new LinkedHashMap<>();
    private final Map<String, String> originalVerdicts;
    private final Map<String, String> replayVerdicts;
    private final String originalState;
    private final String replayState;

    ReplayReport(JsonNode original, JsonNode replay, String base, ReplayRepo repo) {
        originalState = original.path("state").asText();
        replayState = replay.path("state").asText();
        diffs(original.path("record").path("commits"), base, repo, originalDiffs);
        diffs(replay.path("record").path("commits"), base, repo, replayDiffs);
        originalVerdicts = verdicts(original.path("record").path("reviews"));
        replayVerdicts = verdicts(replay.path("record").path("reviews"));
    }

    boolean same() {
        return originalState.equals(replayState) && originalDiffs.equals(replayDiffs)
                && originalVerdicts.equals(replayVerdicts);
    }

    void print(PrintStream out) {
        out.println("state: " + (originalState.equals(replayState) ? "same (" + replayState + ")"
                : "DIFFERENT: original " + originalState + ", replay " + replayState));
        var stages = new TreeSet<String>(originalDiffs.keySet());
        stages.addAll(replayDiffs.keySet());
        stages.addAll(originalVerdicts.keySet());
        stages.addAll(replayVerdicts.keySet());
        for (String stage : stages) {
            out.println(stage + ": diff " + compare(originalDiffs.get(stage), replayDiffs.get(stage), ReplayReport::lines)
                    + ", verdict " + compare(originalVerdicts.get(stage), replayVerdicts.get(stage), v -> v));
        }
        out.println(same() ? "the replay reached the same diffs and verdicts"
                : "the replay DIFFERS from the original run");
    }

    private static String compare(String original, String replay, java.util.function.Function<String, String> what) {
        if (original == null && replay == null) {
            return "none";
        }
        if (Objects.equals(original, replay)) {
            return "same (" + what.apply(original) + ")";
        }
        return "DIFFERENT (original " + (original == null ? "none" : what.apply(original)) + ", replay "
                + (replay == null ? "none" : what.apply(replay)) + ")";
    }

    private static String lines(String diff) {
        return diff.lines().count() + " lines";
    }

    private static String stage(JsonNode node) {
        return node.path("taskId").asText() + " round " + node.path("round").asInt();
    }

    private static void diffs(JsonNode commits, String base, ReplayRepo repo, Map<String, String> into) {
        for (JsonNode commit : commits) {
            into.put(stage(commit), repo.diff(base, commit.path("sha").asText()));
        }
    }

    /** {@code APPROVED [x] criterion; [ ] other} — the decision and each criterion's met flag, not the prose. */
    private static Map<String, String> verdicts(JsonNode reviews) {
        Map<String, String> verdicts = new LinkedHashMap<>();
        for (JsonNode review : reviews) {
            StringBuilder v = new StringBuilder(review.path("verdict").path("decision").asText());
            for (JsonNode c : review.path("verdict").path("criteria")) {
                v.append(c.path("met").asBoolean() ? " [x] " : " [ ] ").append(c.path("criterion").asText()).append(';');
            }
            verdicts.put(stage(review), v.toString());
        }
        return verdicts;
    }
}
