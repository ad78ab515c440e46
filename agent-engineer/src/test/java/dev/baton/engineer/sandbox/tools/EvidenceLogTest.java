package dev.baton.engineer.sandbox.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engineer.sandbox.ExecResult;
import dev.baton.protocol.Payload;
import dev.baton.protocol.Role;
import dev.baton.protocol.Task;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.protocol.ToolCall;
import dev.baton.protocol.WorkOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EvidenceLogTest {
    static final WorkOrder ORDER = new WorkOrder("T-1", Role.ENGINEER, "task-1", 1, 1, "token",
            new TicketSubmitted("T-1", "file:///repo", "main", "Fix add", "", "me"),
            new Task("task-1", "Fix add", "", List.of(), List.of("tests pass"), "pytest -q"), "baton/T-1", null,
            List.of(), null, List.of());

    private final List<Payload> events = new ArrayList<>();
    private final EvidenceLog log = new EvidenceLog(ORDER, events::add);

    @Test
    @DisplayName("each command becomes a ToolCall event with the engine's exit code")
    void shouldEmitToolCallWhenRecording() {
        log.record("run_tests", result("pytest -q", 1, "1 failed"));

        assertThat(events).singleElement().isInstanceOfSatisfying(ToolCall.class, call -> {
            assertThat(call.tool()).isEqualTo("run_tests");
            assertThat(call.exitCode()).isEqualTo(1);
            assertThat(call.arguments()).isEqualTo("bash -c 'pytest -q'");
            assertThat(call.output()).isEqualTo("1 failed");
        });
        assertThat(log.forResult()).singleElement().satisfies(e -> assertThat(e.exitCode()).isEqualTo(1));
    }

    @Test
    @DisplayName("the work result keeps test runs first, in order, within its budget, outputs cut to their tail")
    void shouldPreferTestRunsWhenBudgetIsShort() {
        String big = "x".repeat(40_000) + "END";
        for (int i = 0; i < 100; i++) {
            log.record("run_command", result("echo " + i, 0, big));
        }
        log.record("run_tests", result("pytest -q", 1, "1 failed"));
        log.record("run_tests", result("pytest -q", 0, "2 passed"));

        var evidence = log.forResult();

        assertThat(evidence).hasSizeLessThanOrEqualTo(EvidenceLog.MAX_RESULT_ENTRIES);
        assertThat(evidence.stream().mapToInt(e -> e.output().length() + e.command().length()).sum())
                .isLessThanOrEqualTo(EvidenceLog.MAX_RESULT_CHARS);
        assertThat(evidence.subList(evidence.size() - 2, evidence.size())).extracting(e -> e.output())
                .containsExactly("1 failed", "2 passed");
        assertThat(evidence.getFirst().output()).endsWith("END").contains("characters cut");
        assertThat(evidence.get(evidence.size() - 3).command()).isEqualTo("bash -c 'echo 99'");
    }

    private static ExecResult result(String command, int exit, String output) {
        return new ExecResult(List.of("bash", "-c", command), exit, 10, output, false, false);
    }
}
