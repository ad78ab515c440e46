package dev.baton.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CodecTest {

    static TicketSubmitted ticket() {
        return new TicketSubmitted("t-1", "file:///repo.git", null, "Fix the bug", "It divides by zero", "ana");
    }

    static Decoded decodeTicket(String json) {
        return Codec.decode(json.getBytes(StandardCharsets.UTF_8), Payload.TicketMessage.class);
    }

    @Test
    void shouldRoundTripEveryFieldOfATicket() {
        var decoded = Codec.decode(Codec.encode(ticket()), Payload.TicketMessage.class);
        assertThat(decoded).isInstanceOfSatisfying(Decoded.Ok.class, ok -> {
            assertThat(ok.payload()).isEqualTo(ticket());
            assertThat(ok.envelope().type()).isEqualTo("TicketSubmitted");
            assertThat(ok.envelope().schema()).isEqualTo(1);
            assertThat(ok.envelope().ticketId()).isEqualTo("t-1");
        });
        assertThat(ticket().baseRef()).isEqualTo("main");
        assertThat(ticket().branch()).isEqualTo("baton/t-1");
    }

    @Test
    void shouldRoundTripAWorkResultWithAVerdict() {
        var order = new WorkOrder("t-1", Role.REVIEWER, "task-1", 1, 1, "tok", ticket(),
                new Task("task-1", "Fix", "", List.of("a.py"), List.of("tests pass"), "pytest"),
                "baton/t-1", "abc", List.of(), null, List.of());
        var verdict = new Verdict(Verdict.Decision.CHANGES_REQUESTED,
                List.of(new Verdict.CriterionVerdict("tests pass", false, "one fails", "fix it")), "");
        var result = WorkResult.reviewed(order, verdict);
        var decoded = (Decoded.Ok) Codec.decode(Codec.encode(result), Payload.ResultMessage.class);
        assertThat(decoded.payload()).isEqualTo(result);
        assertThat(verdict.comments()).containsExactly("tests pass: one fails Change: fix it");
    }

    @Test
    void shouldWriteTheOperatorOfADecisionAsWhoAndStillReadTheOlderBy() {
        String command = new String(Codec.encode(new ControlCommand("t-1", ControlCommand.Action.APPROVE, "ok", "dana")),
                StandardCharsets.UTF_8);
        String budget = new String(Codec.encode(new BudgetEvent("fleet", Role.PM, "role=pm,period=day", null, null,
                "raised", "eve")), StandardCharsets.UTF_8);

        assertThat(command).contains("\"who\":\"dana\"").doesNotContain("\"by\"");
        assertThat(budget).contains("\"who\":\"eve\"").doesNotContain("\"by\"");
        var older = (Decoded.Ok) Codec.decode(command.replace("\"who\"", "\"by\"").getBytes(StandardCharsets.UTF_8),
                Payload.ControlMessage.class);
        assertThat(((ControlCommand) older.payload()).who()).isEqualTo("dana");
        var olderBudget = (Decoded.Ok) Codec.decode(budget.replace("\"who\"", "\"by\"").getBytes(StandardCharsets.UTF_8),
                Payload.EventMessage.class);
        assertThat(((BudgetEvent) olderBudget.payload()).who()).isEqualTo("eve");
    }

    @Nested
    @DisplayName("bad input is a Decoded.Failed with a code, never an exception")
    class BadInput {
        @Test
        void shouldReportMalformedJson() {
            assertFailed(decodeTicket("{not json"), ErrorCode.MALFORMED_JSON);
        }

        @Test
        void shouldReportUnknownType() {
            String json = envelope("Nonsense", 1, "{}");
            assertFailed(decodeTicket(json), ErrorCode.UNKNOWN_TYPE);
        }

        @Test
        void shouldReportUnsupportedSchema() {
            assertFailed(decodeTicket(envelope("TicketSubmitted", 9, "{}")), ErrorCode.UNSUPPORTED_SCHEMA);
        }

        @Test
        void shouldReportMissingFieldsByName() {
            var failed = assertFailed(
                    decodeTicket(envelope("TicketSubmitted", 1, "{\"ticketId\":\"t-1\",\"repo\":\"r\"}")),
                    ErrorCode.INVALID_MESSAGE);
            assertThat(failed.reason()).contains("title");
            assertThat(failed.ticketId()).isEqualTo("t-1");
        }

        @Test
        void shouldRefuseARepoOrBaseRefGitWouldReadAsAnOption() {
            for (String fields : List.of("\"repo\":\"--upload-pack=touch /tmp/x\"", "\"repo\":\"r\",\"baseRef\":\"-u x\"")) {
                var failed = assertFailed(decodeTicket(envelope("TicketSubmitted", 1,
                        "{\"ticketId\":\"t-1\",\"title\":\"t\"," + fields + "}")), ErrorCode.INVALID_MESSAGE);
                assertThat(failed.reason()).contains("must not start with '-'");
            }
        }

        @Test
        void shouldReportAMessageOnTheWrongTopic() {
            var bytes = Codec.encode(ticket());
            assertFailed(Codec.decode(bytes, Payload.ResultMessage.class), ErrorCode.WRONG_TOPIC);
        }

        @Test
        void shouldRefuseAMessageOverTheSizeLimit() {
            String big = "x".repeat(2 * 1024 * 1024);
            var failed = assertFailed(decodeTicket(envelope("TicketSubmitted", 1,
                    "{\"ticketId\":\"t-1\",\"repo\":\"r\",\"title\":\"" + big + "\"}")), ErrorCode.MESSAGE_TOO_LARGE);
            assertThat(failed.reason()).contains("limit is 1048576");
        }

        @Test
        void shouldRefuseAnIdThatCannotBeABranchName() {
            assertFailed(decodeTicket(envelope("TicketSubmitted", 1,
                    "{\"ticketId\":\"../x\",\"repo\":\"r\",\"title\":\"t\"}")), ErrorCode.INVALID_MESSAGE);
        }

        @Test
        void shouldReportANullPayloadAndAJsonNull() {
            assertFailed(decodeTicket(envelope("TicketSubmitted", 1, "null")), ErrorCode.INVALID_MESSAGE);
            assertFailed(decodeTicket("null"), ErrorCode.INVALID_MESSAGE);
            assertFailed(decodeTicket("[1,2]"), ErrorCode.INVALID_MESSAGE);
        }

        @Test
        void shouldCutAHugeReasonInsteadOfRefusingTheDeadLetter() {
            var letter = new DeadLetter("t-1", "baton.tickets", 0, 0, ErrorCode.INVALID_MESSAGE, "x".repeat(50_000), "", 0);
            assertThat(letter.reason().length()).isLessThan(5000);
        }

        @Test
        void shouldReportNullBytes() {
            assertFailed(Codec.decode(null, Payload.TicketMessage.class), ErrorCode.INVALID_MESSAGE);
        }

        private static String envelope(String type, int schema, String payload) {
            return "{\"type\":\"" + type + "\",\"schema\":" + schema + ",\"id\":\"m1\",\"ticketId\":\"t-1\","
                    + "\"attempt\":1,\"occurredAt\":\"2026-01-01T00:00:00Z\",\"payload\":" + payload + "}";
        }

        private static Decoded.Failed assertFailed(Decoded decoded, ErrorCode code) {
            assertThat(decoded).isInstanceOf(Decoded.Failed.class);
            var failed = (Decoded.Failed) decoded;
            assertThat(failed.code()).as(failed.reason()).isEqualTo(code);
            assertThat(failed.reason()).isNotBlank();
            return failed;
        }
    }

    @Test
    void shouldWriteErrorCodesAsTheirStableNumber() throws Exception {
        assertThat(Json.MAPPER.writeValueAsString(ErrorCode.BUDGET_EXCEEDED)).isEqualTo("31");
        assertThat(Json.MAPPER.readValue("31", ErrorCode.class)).isEqualTo(ErrorCode.BUDGET_EXCEEDED);
    }

    @Test
    void shouldRefuseAnApprovedVerdictWithAnUnmetCriterion() {
        assertThatThrownBy(() -> new Verdict(Verdict.Decision.APPROVED,
                List.of(new Verdict.CriterionVerdict("c", false, "no", "")), ""))
                .hasMessageContaining("unmet");
    }
}
