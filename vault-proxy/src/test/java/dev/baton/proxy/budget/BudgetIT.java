package dev.baton.proxy.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.protocol.Role;
import dev.baton.proxy.ProxyHarnessAccess;
import dev.baton.testkit.ScriptedReply;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Prices are 1 USD per million tokens in and out, so one token costs one micro-dollar. */
@DisplayName("budgets: reserve the worst case, settle the actual cost")
class BudgetIT {
    static ProxyHarnessAccess harness;
    static BudgetStore budgets;

    @BeforeAll
    static void start() {
        harness = ProxyHarnessAccess.start(Map.of(
                "BATON_PROXY_PRICE_ENGINEER_INPUT", "1", "BATON_PROXY_PRICE_ENGINEER_OUTPUT", "1",
                "BATON_PROXY_PRICE_PM_INPUT", "1", "BATON_PROXY_PRICE_PM_OUTPUT", "1"));
        budgets = new BudgetStore(harness.redis());
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @BeforeEach
    void clean() {
        harness.redis().flushall();
        harness.upstream().clearScripts();
        harness.upstream().reset();
    }

    static String body(int maxTokens) {
        return "{\"model\":\"x\",\"max_tokens\":" + maxTokens + ",\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}";
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    @Test
    void shouldAnswerTypedBudgetExceededAndResumeWhenTheBudgetIsRaised() throws Exception {
        budgets.set(Role.ENGINEER, new BudgetLimits(null, new BigDecimal("0.000010"), null, null));
        String token = harness.token(Role.ENGINEER, ProxyHarnessAccess.ticket());

        HttpResponse<String> refused = harness.chat(token, Map.of(), body(100));

        assertThat(refused.statusCode()).isEqualTo(429);
        JsonNode error = json(refused).get("error");
        assertThat(error.get("code").asText()).isEqualTo("BUDGET_EXCEEDED");
        assertThat(error.get("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.get("scope").asText()).isEqualTo("role=engineer,period=day");
        assertThat(error.get("limitUsd").decimalValue()).isEqualByComparingTo("0.00001");
        assertThat(error.get("spentUsd").decimalValue()).isEqualByComparingTo("0");
        assertThat(harness.upstreamRequests("engineer")).isZero();

        budgets.set(Role.ENGINEER, new BudgetLimits(null, new BigDecimal("1"), null, null));

        assertThat(harness.chat(token, Map.of(), body(100)).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldSettleTheActualUsageNotTheReservation() throws Exception {
        String ticket = ProxyHarnessAccess.ticket();

        HttpResponse<String> response = harness.chat(harness.token(Role.PM, ticket), Map.of(), body(1000));

        JsonNode usage = json(response).get("usage");
        long tokens = usage.get("prompt_tokens").asLong() + usage.get("completion_tokens").asLong();
        // settlement follows the answer asynchronously
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                budgets.committedUsd(BudgetKeys.ticket(Role.PM, ticket))).isEqualByComparingTo(BigDecimal.valueOf(tokens, 6)));
    }

    @Test
    void shouldClampTheOutputLimitToThePerCallCap() throws Exception {
        budgets.set(Role.ENGINEER, new BudgetLimits(null, null, null, 50));
        String token = harness.token(Role.ENGINEER, ProxyHarnessAccess.ticket());

        harness.chat(token, Map.of(), body(1000));
        harness.chat(token, Map.of(), "{\"messages\":[{\"role\":\"user\",\"content\":\"no limit\"}]}");

        var seen = harness.upstream().requests("engineer");
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).body().get("max_tokens").asLong()).isEqualTo(50);
        assertThat(seen.get(1).body().get("max_tokens").asLong()).isEqualTo(50);
    }

    @Test
    void shouldNeverOvershootWhen64CallsRaceACapThatFitsOnlySome() throws Exception {
        String ticket = ProxyHarnessAccess.ticket();
        BigDecimal cap = new BigDecimal("0.002");
        budgets.set(Role.ENGINEER, new BudgetLimits(cap, null, null, null));
        harness.upstream().script("engineer", ScriptedReply.text("done").withDelay(Duration.ofMillis(300)));
        String token = harness.token(Role.ENGINEER, ticket);

        List<HttpResponse<String>> responses = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                calls.add(pool.submit((Callable<HttpResponse<String>>) () -> harness.chat(token, Map.of(), body(100))));
            }
            for (var call : calls) {
                responses.add(call.get());
            }
        }

        List<HttpResponse<String>> ok = responses.stream().filter(r -> r.statusCode() == 200).toList();
        List<HttpResponse<String>> refused = responses.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(ok.size() + refused.size()).isEqualTo(64);
        assertThat(ok).isNotEmpty();
        assertThat(refused).isNotEmpty();
        for (var response : refused) {
            JsonNode error = json(response).get("error");
            assertThat(error.get("code").asText()).isEqualTo("BUDGET_EXCEEDED");
            assertThat(error.get("scope").asText()).isEqualTo("role=engineer,period=ticket,ticket=" + ticket);
            assertThat(error.get("limitUsd").decimalValue()).isEqualByComparingTo(cap);
        }
        long settledMicros = 0;
        for (var response : ok) {
            JsonNode usage = json(response).get("usage");
            settledMicros += usage.get("prompt_tokens").asLong() + usage.get("completion_tokens").asLong();
        }
        BigDecimal settled = BigDecimal.valueOf(settledMicros, 6);
        String counter = BudgetKeys.ticket(Role.ENGINEER, ticket);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(budgets.committedUsd(counter)).isEqualByComparingTo(settled));
        assertThat(settled).isLessThanOrEqualTo(cap);
        assertThat(harness.upstreamRequests("engineer")).isEqualTo(ok.size());
    }
}
