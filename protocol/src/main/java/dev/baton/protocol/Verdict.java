package dev.baton.protocol;

import java.util.List;
import java.util.Objects;

/** The Reviewer's judgement of one task: every acceptance criterion met or not, with reasons. */
public record Verdict(Decision decision, List<CriterionVerdict> criteria, String summary) {

    public enum Decision { APPROVED, CHANGES_REQUESTED }

    public Verdict {
        Objects.requireNonNull(decision, "verdict.decision");
        criteria = Check.list(criteria, "verdict.criteria", 20);
        summary = summary == null ? "" : Check.optional(summary, "verdict.summary", Check.MAX_TEXT);
        boolean allMet = criteria.stream().allMatch(CriterionVerdict::met);
        if (decision == Decision.APPROVED && !allMet) {
            throw new IllegalArgumentException("an APPROVED verdict cannot hold an unmet criterion");
        }
    }

    /** What the Engineer must change: one line per unmet criterion, then the summary. */
    public List<String> comments() {
        var comments = new java.util.ArrayList<String>();
        for (CriterionVerdict c : criteria) {
            if (!c.met()) {
                comments.add(c.criterion() + ": " + c.reason() + (c.change().isEmpty() ? "" : " Change: " + c.change()));
            }
        }
        if (!summary.isEmpty()) {
            comments.add(summary);
        }
        return List.copyOf(comments);
    }

    public record CriterionVerdict(String criterion, boolean met, String reason, String change) {
        public CriterionVerdict {
            Check.text(criterion, "criterion", Check.MAX_TEXT);
            reason = reason == null ? "" : Check.optional(reason, "criterion.reason", Check.MAX_TEXT);
            change = change == null ? "" : Check.optional(change, "criterion.change", Check.MAX_TEXT);
        }
    }
}
