package dev.baton.coordinator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.blackboard.Blackboard;
import dev.baton.protocol.config.ConfigException;
import dev.baton.testkit.BatonInfra;
import dev.baton.testkit.KafkaBroker;
import dev.baton.testkit.PrometheusText;
import dev.baton.testkit.RedisServer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Operator authentication, open endpoints, unknown routes and wrong methods, and the 4xx every endpoint gives to a
 * bad body, id or query.
 */
@BatonInfra
class ApiAuthIT {
    static ApiHarness api;

    @BeforeAll
    static void start(KafkaBroker kafka, RedisServer redis) {
        api = new ApiHarness(kafka.bootstrapServers(), redis.uri());
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    @Nested
    @DisplayName("without the operator token")
    class WithoutToken {
        @ParameterizedTest(name = "{0} {1}")
        @CsvSource({"POST,/api/tickets", "GET,/api/tickets", "GET,/api/tickets/t-1", "GET,/api/tickets/t-1/events",
                "GET,/api/tickets/t-1/export", "GET,/api/tickets/t-1/transcripts/pm/plan/1/1",
                "POST,/api/tickets/t-1/approve", "POST,/api/tickets/t-1/reject",
                "POST,/api/tickets/t-1/cancel", "GET,/api/events/stream", "GET,/api/budgets", "GET,/api/budgets/pm",
                "PUT,/api/budgets/pm", "GET,/api/fleet", "POST,/api/fleet/halt", "POST,/api/fleet/resume",
                "GET,/api/operator"})
        void shouldRefuseEveryApiEndpointWithA401(String method, String path) {
            var response = api.call(method, path, "{}", null, "application/json");

            assertThat(response.status()).isEqualTo(401);
            assertThat(response.errorCode()).isEqualTo("unauthorized");
            assertThat(response.errorMessage()).contains("Authorization: Bearer");
            assertThat(response.headers().get("www-authenticate")).containsExactly("Bearer realm=\"baton\"");
        }

        @Test
        void shouldRefuseAWrongTokenAndAnotherScheme() {
            assertThat(api.call("GET", "/api/tickets", null, ApiHarness.TOKEN + "x", null).status()).isEqualTo(401);
            assertThat(api.call("GET", "/api/tickets", null, ApiHarness.token("dana").substring(1), null).status())
                    .isEqualTo(401);
            assertThat(api.call("GET", "/api/tickets", null, "short", null).errorMessage()).contains("not valid");
            var basic = api.call("GET", "/api/tickets", null, null, null);
            assertThat(basic.status()).isEqualTo(401);
        }

        @Test
        void shouldServeHealthMetricsAndTheDashboardOpenly() {
            var health = api.call("GET", "/healthz", null, null, null);
            var metrics = api.call("GET", "/metrics", null, null, null);
            var dashboard = api.call("GET", "/dashboard/", null, null, null);

            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().path("status").asText()).isEqualTo("up");
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.headers().get("content-type")).anySatisfy(t -> assertThat(t).startsWith("text/plain"));
            var parsed = PrometheusText.parse(metrics.body());
            assertThat(parsed.types()).containsEntry("baton_coordinator_http_requests_total", "counter")
                    .containsEntry("baton_coordinator_records_total", "counter")
                    .containsEntry("baton_coordinator_dead_letters_total", "counter")
                    .containsEntry("baton_coordinator_handoff_seconds", "histogram");
            assertThat(parsed.value("baton_coordinator_up")).isEqualTo(1);
            assertThat(parsed.samples("baton_coordinator_tickets")).extracting(s -> s.labels().get("state"))
                    .contains("DELIVERED", "BLOCKED_BUDGET");
            assertThat(dashboard.status()).isEqualTo(200);
            assertThat(dashboard.body()).containsIgnoringCase("<title>Baton");
        }
    }

    @Nested
    @DisplayName("with the operator token")
    class WithToken {
        @Test
        void shouldNameTheOperatorEachTokenBelongsTo() {
            assertThat(api.get("/api/operator").json().path("operator").asText()).isEqualTo("operator");
            for (String name : ApiHarness.NAMED) {
                var response = api.as(name, "GET", "/api/operator", null);

                assertThat(response.status()).isEqualTo(200);
                assertThat(response.json().path("operator").asText()).isEqualTo(name);
            }
        }

        @Test
        void shouldCountCommandsByOperatorInMetrics() {
            String id = Tickets.newId("mx");
            Tickets.stored(api.blackboard, id, dev.baton.protocol.TicketState.IMPLEMENTING);

            assertThat(api.as("ops", "POST", "/api/tickets/" + id + "/cancel", "{}").status()).isEqualTo(202);

            assertThat(api.call("GET", "/metrics", null, null, null).body())
                    .contains("baton_coordinator_commands_total{action=\"CANCEL\",operator=\"ops\"} 1");
        }

        @Test
        void shouldAnswer404AsJsonForAnUnknownRoute() {
            var response = api.get("/api/nothing-here");

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.errorCode()).isEqualTo("not_found");
        }

        @Test
        void shouldAnswer405ForAWrongMethod() {
            var delete = api.call("DELETE", "/api/tickets", null, ApiHarness.TOKEN, null);
            var getHalt = api.get("/api/fleet/halt");

            assertThat(delete.status()).isEqualTo(405);
            assertThat(delete.errorCode()).isEqualTo("method_not_allowed");
            assertThat(getHalt.status()).isEqualTo(405);
        }

        @Test
        void shouldCountRequestsByRouteAndStatusInMetrics() {
            api.get("/api/tickets");

            assertThat(api.call("GET", "/metrics", null, null, null).body())
                    .contains("baton_coordinator_http_requests_total{method=\"GET\",route=\"/api/tickets\",status=\"200\"}");
        }
    }

    @Nested
    @DisplayName("with bad input")
    class BadInput {
        @ParameterizedTest(name = "{0} {1}: {2}")
        @CsvSource(delimiter = '|', value = {
                "POST | /api/tickets              | {not json   | invalid_json",
                "PUT  | /api/budgets/pm           | {not json   | invalid_json",
                "POST | /api/tickets/t-1/approve  | {not json   | invalid_json",
                "POST | /api/tickets/t-1/reject   | {not json   | invalid_json",
                "POST | /api/tickets/t-1/cancel   | {not json   | invalid_json",
                "POST | /api/fleet/halt           | {not json   | invalid_json",
                "POST | /api/fleet/resume         | {not json   | invalid_json",
                "POST | /api/tickets              | [1]         | invalid_body",
                "PUT  | /api/budgets/pm           | \"5\"       | invalid_body",
                "POST | /api/tickets/t-1/approve  | [1]         | invalid_body",
                "POST | /api/tickets/t-1/reject   | {\"reason\":[]} | invalid_body",
                "POST | /api/tickets/t-1/cancel   | {\"x\":1}   | invalid_body",
                "POST | /api/fleet/halt           | {\"reason\":{}} | invalid_body",
                "POST | /api/fleet/resume         | {\"by\":\"x\"} | invalid_body"})
        void shouldRefuseABadBodyOnEveryEndpointThatTakesOne(String method, String path, String body, String code) {
            var response = api.call(method, path, body, ApiHarness.TOKEN, "application/json");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.errorCode()).isEqualTo(code);
            assertThat(response.errorMessage()).isNotBlank();
            assertThat(api.call(method, path, "a=b", ApiHarness.TOKEN, "application/x-www-form-urlencoded").status())
                    .isEqualTo(415);
        }

        @ParameterizedTest(name = "{0} {1}")
        @CsvSource({"GET,/api/tickets/%2Fetc", "GET,/api/tickets/%2Fetc/events", "GET,/api/tickets/%2Fetc/export",
                "POST,/api/tickets/%2Fetc/approve", "POST,/api/tickets/%2Fetc/reject", "POST,/api/tickets/%2Fetc/cancel",
                "GET,/api/events/stream?ticket=..%2Fx", "GET,/api/budgets?ticket=..%2Fx"})
        void shouldRefuseABadTicketIdOnEveryEndpointThatTakesOne(String method, String path) {
            var response = api.call(method, path, method.equals("POST") ? "{\"reason\":\"r\"}" : null, ApiHarness.TOKEN,
                    "application/json");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.errorCode()).isIn("invalid_ticket_id", "invalid_body");
            assertThat(response.errorMessage()).containsAnyOf("ticket id", "ticket");
        }

        @Test
        void shouldRefuseAnUnknownEventTypeFilter() {
            var response = api.get("/api/tickets/t-1/events?type=HandoffEvent,Handoff");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.errorCode()).isEqualTo("invalid_type");
            assertThat(response.errorMessage()).contains("'Handoff'").contains("ModelCall");
        }
    }

    @Test
    void shouldRefuseToStartWithoutAnOperatorToken(KafkaBroker kafka, RedisServer redis) {
        var config = ApiHarness.config(kafka.bootstrapServers(), redis.uri(), null);
        Vertx vertx = Vertx.vertx();
        try (Blackboard blackboard = Blackboard.connect(redis.uri())) {
            assertThatThrownBy(() -> vertx.deployVerticle(new ApiVerticle(config, blackboard, () -> true)).await())
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("coordinator.operator-token (env BATON_COORDINATOR_OPERATOR_TOKEN) is not set");
        } finally {
            vertx.close().await();
        }
    }

    @Test
    void shouldRefuseAnOperatorTokenShorterThan16Characters(KafkaBroker kafka, RedisServer redis) {
        assertThatThrownBy(() -> ApiHarness.config(kafka.bootstrapServers(), redis.uri(), "too-short"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("is 9 characters")
                .hasMessageContaining("at least 16");
    }
}
