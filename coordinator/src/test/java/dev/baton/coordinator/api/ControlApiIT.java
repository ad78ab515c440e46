package dev.baton.coordinator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.blackboard.TicketRecord;
import dev.baton.protocol.ControlCommand;
import dev.baton.protocol.ControlCommand.Action;
import dev.baton.protocol.Decoded;
import dev.baton.protocol.HandoffEvent;
import dev.baton.protocol.Payload;
import dev.baton.protocol.TicketState;
import dev.baton.protocol.Topics;
import dev.baton.testkit.BatonInfra;
import dev.baton.testkit.KafkaBroker;
import dev.baton.testkit.RedisServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Approve, reject, cancel, halt and resume: what goes on {@code baton.control} (with the name of the operator whose
 * token sent it), and what the coordinator makes of it.
 */
@BatonInfra
class ControlApiIT {
    static ApiHarness api;

    @BeforeAll
    static void start(KafkaBroker kafka, RedisServer redis) {
        api = new ApiHarness(kafka.bootstrapServers(), redis.uri());
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    static ControlCommand sent(String key) {
        var commands = api.messages(Topics.CONTROL, Payload.ControlMessage.class, key);
        assertThat(commands).isNotEmpty();
        return (ControlCommand) commands.get(commands.size() - 1).payload();
    }

    static TicketRecord awaitState(String id, TicketState state) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> api.blackboard.ticket(id).orElseThrow().value(),
                t -> t.state() == state);
    }

    @Test
    void shouldSendApproveWithTheOperatorAndReasonAndTheTicketMovesOn() {
        String id = Tickets.newId("ap");
        Tickets.stored(api.blackboard, id, TicketState.AWAITING_APPROVAL);

        var response = api.as("dana", "POST", "/api/tickets/" + id + "/approve", "{\"reason\":\"migration reviewed\"}");

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().path("commandId").asText()).isNotBlank();
        assertThat(response.json().path("who").asText()).isEqualTo("dana");
        assertThat(sent(id)).isEqualTo(new ControlCommand(id, Action.APPROVE, "migration reviewed", "dana"));
        assertThat(awaitState(id, TicketState.IMPLEMENTING).reason()).contains("approved by dana");
        assertThat(handoffReasons(id)).contains("approved by dana: migration reviewed");
    }

    @Test
    void shouldRecordTheSharedTokenAsOperatorAndRefuseANameInTheBody() {
        String id = Tickets.newId("who");
        Tickets.stored(api.blackboard, id, TicketState.AWAITING_APPROVAL);

        var forged = api.as("eve", "POST", "/api/tickets/" + id + "/approve", "{\"by\":\"dana\"}");
        var shared = api.post("/api/tickets/" + id + "/approve", "{}");

        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.errorMessage()).contains("unknown field 'by'");
        assertThat(shared.status()).isEqualTo(202);
        assertThat(api.messages(Topics.CONTROL, Payload.ControlMessage.class, id)).singleElement()
                .satisfies(c -> assertThat(((ControlCommand) c.payload()).who()).isEqualTo("operator"));
        assertThat(awaitState(id, TicketState.IMPLEMENTING).reason()).isEqualTo("approved by operator");
    }

    @Test
    void shouldRecordEachDecisionWithTheNameOfItsOperatorInTheAuditExport() {
        String approved = Tickets.newId("exa");
        String cancelled = Tickets.newId("exc");
        Tickets.stored(api.blackboard, approved, TicketState.AWAITING_APPROVAL);
        Tickets.stored(api.blackboard, cancelled, TicketState.IMPLEMENTING);

        assertThat(api.as("dana", "POST", "/api/tickets/" + approved + "/approve", null).status()).isEqualTo(202);
        assertThat(api.as("ops", "POST", "/api/tickets/" + cancelled + "/cancel", null).status()).isEqualTo(202);
        awaitState(approved, TicketState.IMPLEMENTING);
        awaitState(cancelled, TicketState.CANCELLED);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(exported(approved)).anySatisfy(line -> assertThat(line)
                    .contains("\"type\":\"ControlCommand\"").contains("\"who\":\"dana\""))
                    .anySatisfy(line -> assertThat(line).contains("approved by dana"));
            assertThat(exported(cancelled)).anySatisfy(line -> assertThat(line)
                    .contains("\"type\":\"ControlCommand\"").contains("\"who\":\"ops\""))
                    .anySatisfy(line -> assertThat(line).contains("cancelled by ops"));
        });
    }

    static List<String> handoffReasons(String id) {
        return api.messages(Topics.EVENTS, Payload.EventMessage.class, id).stream().map(Decoded.Ok::payload)
                .filter(HandoffEvent.class::isInstance).map(e -> ((HandoffEvent) e).reason()).toList();
    }

    static List<String> exported(String id) {
        var response = api.get("/api/tickets/" + id + "/export");
        assertThat(response.status()).isEqualTo(200);
        return response.body().lines().toList();
    }

    @Test
    void shouldRefuseToApproveATicketThatIsNotAwaitingApprovalWith409() {
        String id = Tickets.newId("ap409");
        Tickets.stored(api.blackboard, id, TicketState.REVIEWING);

        var response = api.post("/api/tickets/" + id + "/approve", null);

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.errorCode()).isEqualTo("not_awaiting_approval");
        assertThat(api.messages(Topics.CONTROL, Payload.ControlMessage.class, id)).isEmpty();
    }

    @Test
    void shouldRequireAReasonToRejectAndFailTheTicketWithIt() {
        String id = Tickets.newId("rej");
        Tickets.stored(api.blackboard, id, TicketState.AWAITING_APPROVAL);

        var missing = api.post("/api/tickets/" + id + "/reject", "{}");
        var rejected = api.as("eve", "POST", "/api/tickets/" + id + "/reject", "{\"reason\":\"touches prod schema\"}");

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorMessage()).isEqualTo("reason is required");
        assertThat(rejected.status()).isEqualTo(202);
        assertThat(awaitState(id, TicketState.FAILED).reason()).contains("rejected by eve: touches prod schema");
        assertThat(handoffReasons(id)).contains("rejected by eve: touches prod schema");
    }

    @Test
    void shouldCancelARunningTicketAndRefuseAFinishedOne() {
        String running = Tickets.newId("can");
        String done = Tickets.newId("cdone");
        Tickets.stored(api.blackboard, running, TicketState.IMPLEMENTING);
        Tickets.stored(api.blackboard, done, TicketState.DELIVERED);

        var cancelled = api.as("ops", "POST", "/api/tickets/" + running + "/cancel", "{}");
        var finished = api.post("/api/tickets/" + done + "/cancel", null);
        var unknown = api.post("/api/tickets/none-" + System.nanoTime() + "/cancel", null);

        assertThat(cancelled.status()).isEqualTo(202);
        assertThat(sent(running)).isEqualTo(new ControlCommand(running, Action.CANCEL, "", "ops"));
        awaitState(running, TicketState.CANCELLED);
        assertThat(handoffReasons(running)).contains("cancelled by ops");
        assertThat(finished.status()).isEqualTo(409);
        assertThat(finished.errorCode()).isEqualTo("ticket_finished");
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void shouldHaltAndResumeTheFleet() {
        try {
            var halt = api.as("sre", "POST", "/api/fleet/halt", "{\"reason\":\"incident 42\"}");

            assertThat(halt.status()).isEqualTo(202);
            assertThat(sent(ControlCommand.FLEET)).isEqualTo(new ControlCommand("fleet", Action.HALT, "incident 42", "sre"));
            await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/fleet").json().path("halted").asBoolean());
            assertThat(api.get("/api/fleet").json().path("reason").asText()).isEqualTo("incident 42");
            assertThat(api.get("/api/fleet").json().path("who").asText()).isEqualTo("sre");
        } finally {
            assertThat(api.as("dana", "POST", "/api/fleet/resume", "{}").status()).isEqualTo(202);
        }
        assertThat(sent(ControlCommand.FLEET)).isEqualTo(new ControlCommand("fleet", Action.RESUME, "", "dana"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !api.get("/api/fleet").json().path("halted").asBoolean());
    }

    @Test
    void shouldRefuseABadCommandBodyWith400() {
        String id = Tickets.newId("bad");
        Tickets.stored(api.blackboard, id, TicketState.IMPLEMENTING);

        assertThat(api.post("/api/tickets/" + id + "/cancel", "{\"reason\":5}").errorMessage())
                .isEqualTo("reason must be a string");
        assertThat(api.post("/api/fleet/halt", "{\"why\":\"x\"}").errorMessage()).contains("unknown field 'why'");
        assertThat(api.post("/api/tickets/" + id + "/cancel", "{\"reason\":\"" + "x".repeat(20_001) + "\"}").status())
                .isEqualTo(400);
    }
}
