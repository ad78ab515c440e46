package dev.baton.coordinator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.protocol.Payload;
import dev.baton.protocol.Role;
import dev.baton.protocol.TicketState;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.protocol.Topics;
import dev.baton.testkit.BatonInfra;
import dev.baton.testkit.KafkaBroker;
import dev.baton.testkit.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code POST /api/tickets}, {@code GET /api/tickets} and {@code GET /api/tickets/{id}}. */
@BatonInfra
class TicketsApiIT {
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
    @DisplayName("POST /api/tickets")
    class Submit {
        @Test
        void shouldWriteATicketSubmittedEnvelopeThatTheCoordinatorPicksUp() {
            String id = Tickets.newId("sub");
            var response = api.post("/api/tickets", "{\"id\":\"" + id + "\",\"repo\":\"/tmp/r.git\",\"title\":\"Fix it\","
                    + "\"description\":\"the bug\",\"submittedBy\":\"ana\"}");

            assertThat(response.status()).isEqualTo(202);
            assertThat(response.json().path("ticketId").asText()).isEqualTo(id);
            assertThat(response.json().path("branch").asText()).isEqualTo("baton/" + id);
            assertThat(response.headers().get("location")).containsExactly("/api/tickets/" + id);
            var sent = api.messages(Topics.TICKETS, Payload.TicketMessage.class, id);
            assertThat(sent).singleElement().satisfies(ok -> {
                assertThat(ok.envelope().type()).isEqualTo("TicketSubmitted");
                assertThat(((TicketSubmitted) ok.payload()).submittedBy()).isEqualTo("ana");
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> api.blackboard.ticket(id)
                    .map(t -> t.value().state() == TicketState.PLANNING).orElse(false));
        }

        @Test
        void shouldMakeUpAnIdWhenNoneIsGiven() {
            var response = api.post("/api/tickets", "{\"repo\":\"/tmp/r.git\",\"title\":\"No id\"}");

            assertThat(response.status()).isEqualTo(202);
            assertThat(response.json().path("ticketId").asText()).startsWith("t-");
        }

        @Test
        void shouldRefuseAnIdThatExistsWith409() {
            String id = Tickets.newId("dup");
            Tickets.stored(api.blackboard, id, TicketState.PLANNING);

            var response = api.post("/api/tickets", "{\"id\":\"" + id + "\",\"repo\":\"/tmp/r.git\",\"title\":\"t\"}");

            assertThat(response.status()).isEqualTo(409);
            assertThat(response.errorCode()).isEqualTo("ticket_exists");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                "not JSON         | {repo:                                     | invalid_json | not valid JSON",
                "an array         | []                                         | invalid_body | must be a JSON object",
                "no body          | ''                                         | invalid_body | body is required",
                "no title         | {\"repo\":\"r\"}                           | invalid_body | title is required",
                "blank repo       | {\"repo\":\" \",\"title\":\"t\"}           | invalid_body | repo is required",
                "a number title   | {\"repo\":\"r\",\"title\":5}               | invalid_body | title must be a string",
                "an unknown field | {\"repo\":\"r\",\"title\":\"t\",\"x\":1}   | invalid_body | unknown field 'x'",
                "a bad id         | {\"id\":\"../etc\",\"repo\":\"r\",\"title\":\"t\"} | invalid_body | ticketId must match"})
        void shouldRefuseABadBodyWith400(String what, String body, String code, String message) {
            var response = api.post("/api/tickets", body);

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.errorCode()).isEqualTo(code);
            assertThat(response.errorMessage()).contains(message);
        }

        @Test
        void shouldRefuseAnotherContentTypeWith415() {
            var response = api.call("POST", "/api/tickets", "repo=r&title=t", ApiHarness.TOKEN,
                    "application/x-www-form-urlencoded");

            assertThat(response.status()).isEqualTo(415);
            assertThat(response.errorMessage()).contains("application/json");
        }

        @Test
        void shouldRefuseABodyOverTheLimitWith413() {
            String big = "{\"repo\":\"r\",\"title\":\"t\",\"description\":\"" + "x".repeat(ApiRouter.MAX_BODY_BYTES) + "\"}";

            var response = api.post("/api/tickets", big);

            assertThat(response.status()).isEqualTo(413);
            assertThat(response.errorCode()).isEqualTo("body_too_large");
        }
    }

    @Nested
    @DisplayName("GET /api/tickets")
    class ListTickets {
        @Test
        void shouldListNewestFirstAndFilterByState() {
            String blocked = Tickets.newId("lb");
            String done = Tickets.newId("ld");
            Tickets.stored(api.blackboard, blocked, TicketState.BLOCKED_BUDGET);
            Tickets.stored(api.blackboard, done, TicketState.DELIVERED);

            var all = api.get("/api/tickets?limit=2").json();
            var filtered = api.get("/api/tickets?state=blocked_budget,AWAITING_APPROVAL").json();

            assertThat(all.path("tickets")).extracting(t -> t.path("id").asText()).containsExactly(done, blocked);
            assertThat(all.path("tickets").get(0).path("task").path("id").asText()).isEqualTo("task-1");
            assertThat(filtered.path("tickets").findValuesAsText("state")).isSubsetOf("BLOCKED_BUDGET", "AWAITING_APPROVAL");
            assertThat(filtered.path("tickets")).extracting(t -> t.path("id").asText()).contains(blocked).doesNotContain(done);
        }

        @Test
        void shouldRefuseAnUnknownStateOrABadLimitWith400() {
            assertThat(api.get("/api/tickets?state=SLEEPING").errorCode()).isEqualTo("invalid_state");
            assertThat(api.get("/api/tickets?limit=0").errorCode()).isEqualTo("invalid_limit");
            assertThat(api.get("/api/tickets?limit=lots").status()).isEqualTo(400);
        }
    }

    @Nested
    @DisplayName("GET /api/tickets/{id}")
    class ShowTicket {
        @Test
        void shouldShowPlanCommitsWithEvidenceReviewsAndCostByRole() {
            String id = Tickets.newId("show");
            Tickets.stored(api.blackboard, id, TicketState.DELIVERED);
            api.blackboard.redis().set("baton:spend:{" + Role.ENGINEER.id() + "}:ticket:" + id, "1500000");
            api.blackboard.redis().set("baton:spend:{" + Role.PM.id() + "}:ticket:" + id, "250000");

            var ticket = api.get("/api/tickets/" + id).json();

            assertThat(ticket.path("state").asText()).isEqualTo("DELIVERED");
            var record = ticket.path("record");
            assertThat(record.path("plan").path("tasks").get(0).path("acceptanceCriteria").get(0).asText())
                    .isEqualTo("greeting.txt says hello");
            assertThat(record.path("commits").get(0).path("evidence").get(0).path("exitCode").asInt()).isZero();
            assertThat(record.path("reviews").get(0).path("verdict").path("decision").asText()).isEqualTo("APPROVED");
            assertThat(ticket.path("cost").path("byRole").path("engineer").decimalValue()).isEqualByComparingTo("1.5");
            assertThat(ticket.path("cost").path("totalUsd").decimalValue()).isEqualByComparingTo("1.75");
        }

        @Test
        void shouldAnswer404ForAnUnknownTicketAnd400ForABadId() {
            assertThat(api.get("/api/tickets/nope-" + System.nanoTime()).errorCode()).isEqualTo("unknown_ticket");
            assertThat(api.get("/api/tickets/%2Fetc").errorCode()).isEqualTo("invalid_ticket_id");
        }
    }
}
