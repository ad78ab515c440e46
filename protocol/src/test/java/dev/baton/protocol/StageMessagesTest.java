package dev.baton.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The diffs and stage summaries agents and the coordinator exchange, and their limits. */
class StageMessagesTest {
    static final Task TASK = new Task("task-1", "Fix", "", List.of("a.py"), List.of("tests pass"), "pytest");

    static WorkOrder engineerOrder(int round, String previousDiff) {
        return new WorkOrder("t-1", Role.ENGINEER, "task-1", round, 1, "tok", CodecTest.ticket(), TASK, "baton/t-1",
                "abc", List.of("tests pass: one fails"), null, List.of(), previousDiff);
    }

    @Test
    void shouldCarryTheCommitsDiffAndThePreviousDiff() {
        var result = WorkResult.committed(engineerOrder(1, ""), "abc", List.of(), List.of("a.py"), "+fixed\n");
        assertThat(((Decoded.Ok) Codec.decode(Codec.encode(result), Payload.ResultMessage.class)).payload())
                .isEqualTo(result);
        var order = engineerOrder(2, "+fixed\n");
        assertThat(((Decoded.Ok) Codec.decode(Codec.encode(order), Payload.WorkMessage.class)).payload())
                .isEqualTo(order);
    }

    @Test
    void shouldCutALongDiffWithTheCutMarked() {
        String diff = "+" + "x".repeat(Check.MAX_DIFF * 2);
        var result = WorkResult.committed(engineerOrder(1, ""), "abc", List.of(), List.of(), diff);
        assertThat(result.diff()).hasSize(Check.MAX_DIFF).startsWith("+xxx")
                .endsWith("…[cut: " + diff.length() + " characters, the limit is " + Check.MAX_DIFF + "]\n");
        assertThat(WorkResult.capDiff("+a\n")).isEqualTo("+a\n");
    }

    @Test
    void shouldRefuseAnOversizedDiffOnTheWire() {
        String json = new String(Codec.encode(engineerOrder(2, "+a")), StandardCharsets.UTF_8)
                .replace("\"previousDiff\":\"+a\"", "\"previousDiff\":\"" + "y".repeat(Check.MAX_DIFF + 1) + "\"");
        var failed = (Decoded.Failed) Codec.decode(json.getBytes(StandardCharsets.UTF_8), Payload.WorkMessage.class);
        assertThat(failed.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(failed.reason()).contains("previousDiff").contains("the limit is " + Check.MAX_DIFF);
    }

    @Test
    void shouldRoundTripAStageSummary() {
        var stage = new StageKey("t-1", Role.ENGINEER, "task-1", 2, 1);
        var summary = new StageSummary("t-1", Role.ENGINEER, "task-1", 2, 1, 4, Map.of("write_file", 1, "run_tests", 2),
                900, 120, new BigDecimal("0.0031"), 5400, WorkResult.Outcome.COMMITTED, null, "finish accepted at step 4",
                "baton:ticket:{t-1}:transcript:engineer/task-1/r2/a1", StageSummary.transcriptPath(stage));
        var decoded = (Decoded.Ok) Codec.decode(Codec.encode(summary), Payload.EventMessage.class);
        assertThat(decoded.payload()).isEqualTo(summary);
        assertThat(summary.code()).isEqualTo(ErrorCode.NONE);
        assertThat(summary.transcriptPath()).isEqualTo("/api/tickets/t-1/transcripts/engineer/task-1/2/1");
    }
}
