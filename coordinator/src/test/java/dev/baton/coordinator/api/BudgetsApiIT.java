package dev.baton.coordinator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.blackboard.budget.Budgets;
import dev.baton.protocol.BudgetEvent;
import dev.baton.protocol.ControlCommand;
import dev.baton.protocol.Decoded;
import dev.baton.protocol.Payload;
import dev.baton.protocol.Role;
import dev.baton.protocol.Topics;
import dev.baton.testkit.BatonInfra;
import dev.baton.testkit.KafkaBroker;
import dev.baton.testkit.RedisServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code GET/PUT /api/budgets}: the proxy's keys, the audit events (with the changing operator's name) and the
 * UNBLOCK after a raise.
 */
@BatonInfra
class BudgetsApiIT {
    static final String OPERATOR = "budgets";
    static ApiHarness api;
    private int eventsBefore;
    private int commandsBefore;

    @BeforeAll
    static void start(KafkaBroker kafka, RedisServer redis) {
        api = new ApiHarness(kafka.bootstrapServers(), redis.uri());
    }

    @BeforeEach
    void mark() {
        eventsBefore = all(Topics.EVENTS, Payload.EventMessage.class).size();
        commandsBefore = all(Topics.CONTROL, Payload.ControlMessage.class).size();
    }

    @AfterEach
    void clear() {
        api.blackboard.redis().del(Budgets.capsKey(Role.REVIEWER), Budgets.daySpendKey(Role.REVIEWER, Instant.now()));
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    /** This test's budget events or commands: the operator's, since {@link #mark()}. */
    List<Payload> mine(String topic, Class<? extends Payload> type) {
        List<Payload> all = all(topic, type);
        return all.subList(topic.equals(Topics.EVENTS) ? eventsBefore : commandsBefore, all.size());
    }

    static List<Payload> all(String topic, Class<? extends Payload> type) {
        return api.messages(topic, type, ControlCommand.FLEET).stream().map(Decoded.Ok::payload)
                .filter(p -> p instanceof ControlCommand c ? c.who().equals(OPERATOR)
                        : p instanceof BudgetEvent b && OPERATOR.equals(b.who()))
                .toList();
    }

    ApiHarness.Response put(String body) {
        return api.as(OPERATOR, "PUT", "/api/budgets/reviewer", body);
    }

    @Test
    void shouldListEveryRolesCapsAndSpend() {
        api.blackboard.redis().hset(Budgets.capsKey(Role.REVIEWER), Map.of("day-usd", "2", "call-tokens", "800"));
        api.blackboard.redis().set(Budgets.daySpendKey(Role.REVIEWER, Instant.now()), "1250000");

        var budgets = api.get("/api/budgets").json().path("budgets");
        var reviewer = api.get("/api/budgets/reviewer?ticket=t-x").json();

        assertThat(budgets.findValuesAsText("role")).containsExactly("pm", "engineer", "reviewer");
        assertThat(reviewer.path("caps").path("dayUsd").decimalValue()).isEqualByComparingTo("2");
        assertThat(reviewer.path("caps").path("callTokens").asInt()).isEqualTo(800);
        assertThat(reviewer.path("caps").path("monthUsd").isNull()).isTrue();
        assertThat(reviewer.path("spent").path("dayUsd").decimalValue()).isEqualByComparingTo("1.25");
        assertThat(reviewer.path("spent").path("ticketUsd").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void shouldWriteTheProxysHashAndAnnounceALoweringWithoutUnblocking() {
        var response = put("{\"dayUsd\":0.5,\"callTokens\":256}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("unblocked").asBoolean()).isFalse();
        assertThat(api.blackboard.redis().hgetall("baton:budget:{reviewer}"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("day-usd", "0.5", "call-tokens", "256"));
        assertThat(mine(Topics.EVENTS, Payload.EventMessage.class)).hasSize(2)
                .allSatisfy(e -> assertThat(((BudgetEvent) e).action()).isEqualTo("set"))
                .allSatisfy(e -> assertThat(((BudgetEvent) e).who()).isEqualTo(OPERATOR));
        assertThat(mine(Topics.CONTROL, Payload.ControlMessage.class)).isEmpty();
    }

    @Test
    void shouldSendUnblockToTheFleetAfterARaise() {
        api.put("/api/budgets/reviewer", "{\"dayUsd\":0.5}");

        var response = put("{\"dayUsd\":5,\"reason\":\"release week\"}");

        assertThat(response.json().path("unblocked").asBoolean()).isTrue();
        assertThat(mine(Topics.EVENTS, Payload.EventMessage.class)).singleElement().satisfies(e -> {
            var event = (BudgetEvent) e;
            assertThat(event.action()).isEqualTo("raised");
            assertThat(event.scope()).isEqualTo("role=reviewer,period=day");
            assertThat(event.limitUsd()).isEqualByComparingTo("5");
        });
        assertThat(mine(Topics.CONTROL, Payload.ControlMessage.class)).singleElement().satisfies(c -> {
            var command = (ControlCommand) c;
            assertThat(command.action()).isEqualTo(ControlCommand.Action.UNBLOCK);
            assertThat(command.who()).isEqualTo(OPERATOR);
            assertThat(command.reason()).contains("day-usd 0.5 -> 5").contains("release week");
        });
    }

    @Test
    void shouldRemoveACapGivenNullAndUnblock() {
        api.put("/api/budgets/reviewer", "{\"dayUsd\":0.5,\"monthUsd\":9}");

        var response = put("{\"dayUsd\":null}");

        assertThat(response.json().path("caps").path("dayUsd").isNull()).isTrue();
        assertThat(response.json().path("unblocked").asBoolean()).isTrue();
        assertThat(api.blackboard.redis().hgetall("baton:budget:{reviewer}")).containsExactly(Map.entry("month-usd", "9"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no cap           | {}                                | set at least one of",
            "a negative cap   | {\"dayUsd\":-1}                   | day-usd must not be negative",
            "a string cap     | {\"dayUsd\":\"5\"}                | dayUsd must be a number or null",
            "fractional calls | {\"callTokens\":1.5}              | call-tokens must be a whole number",
            "an unknown field | {\"daily\":5}                     | unknown field 'daily'",
            "a name in it     | {\"dayUsd\":5,\"by\":\"x\"}         | unknown field 'by'"})
    void shouldRefuseABadBudgetWith400(String what, String body, String message) {
        var response = api.put("/api/budgets/reviewer", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorMessage()).contains(message);
        assertThat(api.blackboard.redis().exists("baton:budget:{reviewer}")).isZero();
    }

    @Test
    void shouldAnswer404ForAnUnknownRoleAnd400ForABadTicket() {
        assertThat(api.put("/api/budgets/architect", "{\"dayUsd\":1}").errorCode()).isEqualTo("unknown_role");
        assertThat(api.get("/api/budgets/pm?ticket=..%2Fx").errorCode()).isEqualTo("invalid_ticket_id");
    }
}
