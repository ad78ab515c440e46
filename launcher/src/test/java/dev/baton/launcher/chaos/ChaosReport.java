package dev.baton.launcher.chaos;

import dev.baton.blackboard.Blackboard;
import dev.baton.blackboard.TicketRecord;
import dev.baton.blackboard.TicketRecord.CommitRecord;
import dev.baton.protocol.Codec;
import dev.baton.protocol.DeadLetter;
import dev.baton.protocol.Decoded;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.HandoffEvent;
import dev.baton.protocol.Payload;
import dev.baton.protocol.TicketState;
import dev.baton.protocol.Topics;
import dev.baton.testkit.Git;
import dev.baton.testkit.GitRepo;
import dev.baton.testkit.TopicRecords;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a chaos run did to its tickets: their final states, the side effects on each ticket's branch compared with
 * what the coordinator recorded, and the dead letters. A branch's commits are {@code main..baton/<ticket>}; its
 * pushes are the ref updates in the bare repository's reflog (the fixtures log every ref update). Each commit
 * the coordinator recorded explains one commit and one push; anything beyond that was done twice.
 */
record ChaosReport(List<Outcome> outcomes, Map<ErrorCode, Long> deadLetters, long redispatches) {

    /** One ticket at the end of the run. {@code state} is null when the blackboard has no record of it. */
    record Outcome(String id, TicketState state, String reason, int recordedCommits, int branchCommits,
            int pushes, List<String> unexplainedCommits, List<String> missingCommits) {

        boolean lost() {
            return state == null || !state.isTerminal();
        }

        int duplicatedCommits() {
            return unexplainedCommits.size();
        }

        int duplicatedPushes() {
            return Math.max(0, pushes - recordedCommits);
        }
    }

    /** Makes the bare repository keep a reflog of every ref update, so pushes can be counted afterwards. */
    static void recordPushes(GitRepo repo) {
        Git.run(repo.path(), "config", "core.logAllRefUpdates", "always");
    }

    static ChaosReport collect(Blackboard blackboard, String bootstrap, Map<String, GitRepo> repos) {
        List<Outcome> outcomes = new ArrayList<>();
        repos.forEach((id, repo) -> outcomes.add(outcome(id, blackboard.ticket(id).map(v -> v.value()).orElse(null),
                repo, "baton/" + id)));
        Map<ErrorCode, Long> letters = new TreeMap<>();
        long redispatches = 0;
        for (var record : TopicRecords.readAll(bootstrap, Topics.DLQ)) {
            if (Codec.decode(record.value(), Payload.DlqMessage.class) instanceof Decoded.Ok ok
                    && ok.payload() instanceof DeadLetter letter) {
                letters.merge(letter.code(), 1L, Long::sum);
            }
        }
        for (var record : TopicRecords.readAll(bootstrap, Topics.EVENTS)) {
            if (Codec.decode(record.value(), Payload.EventMessage.class) instanceof Decoded.Ok ok
                    && ok.payload() instanceof HandoffEvent e && e.reason().contains("re-dispatched as attempt")) {
                redispatches++;
            }
        }
        return new ChaosReport(List.copyOf(outcomes), Map.copyOf(letters), redispatches);
    }

    private static Outcome outcome(String id, TicketRecord record, GitRepo repo, String branch) {
        List<String> onBranch = repo.head(branch).isEmpty() ? List.of()
                : lines(Git.run(repo.path(), "rev-list", "refs/heads/main..refs/heads/" + branch));
        int pushes = repo.head(branch).isEmpty() ? 0
                : lines(Git.run(repo.path(), "reflog", "show", "--format=%H", "refs/heads/" + branch)).size();
        Set<String> recorded = new HashSet<>();
        if (record != null) {
            record.commits().stream().map(CommitRecord::sha).forEach(recorded::add);
        }
        List<String> unexplained = onBranch.stream().filter(sha -> !recorded.contains(sha)).toList();
        List<String> missing = recorded.stream().filter(sha -> !onBranch.contains(sha)).sorted().toList();
        return new Outcome(id, record == null ? null : record.state(), record == null ? "no record" : record.reason(),
                recorded.size(), onBranch.size(), pushes, unexplained, missing);
    }

    private static List<String> lines(String output) {
        return output.isBlank() ? List.of() : List.of(output.strip().split("\n"));
    }

    long count(TicketState state) {
        return outcomes.stream().filter(o -> o.state() == state).count();
    }

    long lost() {
        return outcomes.stream().filter(Outcome::lost).count();
    }

    int duplicatedCommits() {
        return outcomes.stream().mapToInt(Outcome::duplicatedCommits).sum();
    }

    int duplicatedPushes() {
        return outcomes.stream().mapToInt(Outcome::duplicatedPushes).sum();
    }

    int missingCommits() {
        return outcomes.stream().mapToInt(o -> o.missingCommits().size()).sum();
    }

    long deadLetterTotal() {
        return deadLetters.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The figures as the README quotes them, then every ticket that did not end DELIVERED or has a finding. */
    String render(String title, List<String> header) {
        var out = new StringBuilder();
        out.append("==== ").append(title).append(" ====\n");
        header.forEach(line -> out.append(line).append('\n'));
        out.append(String.format("tickets submitted   %d%n", outcomes.size()));
        out.append(String.format("  delivered         %d%n", count(TicketState.DELIVERED)));
        out.append(String.format("  failed            %d%n", count(TicketState.FAILED)));
        out.append(String.format("  cancelled         %d%n", count(TicketState.CANCELLED)));
        out.append(String.format("  lost (not terminal or no record)  %d%n", lost()));
        out.append(String.format("commits on branches %d (recorded by the coordinator %d)%n",
                outcomes.stream().mapToInt(Outcome::branchCommits).sum(),
                outcomes.stream().mapToInt(Outcome::recordedCommits).sum()));
        out.append(String.format("duplicated commits  %d%n", duplicatedCommits()));
        out.append(String.format("duplicated pushes   %d%n", duplicatedPushes()));
        out.append(String.format("recorded commits missing from the branch  %d%n", missingCommits()));
        out.append(String.format("stage re-dispatches %d%n", redispatches));
        out.append(String.format("DLQ entries         %d %s%n", deadLetterTotal(), deadLetters.entrySet().stream()
                .map(e -> e.getKey() + "(" + e.getKey().code() + ")=" + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"))));
        for (Outcome o : outcomes) {
            if (o.state() != TicketState.DELIVERED || o.duplicatedCommits() + o.duplicatedPushes()
                    + o.missingCommits().size() > 0) {
                out.append(String.format("  %s %s commits=%d/%d pushes=%d unexplained=%s missing=%s: %s%n", o.id(),
                        o.state(), o.branchCommits(), o.recordedCommits(), o.pushes(), o.unexplainedCommits(),
                        o.missingCommits(), o.reason()));
            }
        }
        return out.toString();
    }
}
