package dev.baton.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testkit.PrometheusText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One scrape of every service's {@code /metrics}: each must answer 200 with the text format and parse strictly
 * ({@link PrometheusText}); the checks say which figures a delivered ticket must have moved.
 */
final class ServiceMetrics {
    private final Map<String, PrometheusText> byService;

    private ServiceMetrics(Map<String, PrometheusText> byService) {
        this.byService = byService;
    }

    static ServiceMetrics scrape(Map<String, String> urls) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, PrometheusText> all = new LinkedHashMap<>();
        for (var service : urls.entrySet()) {
            var response = http.send(HttpRequest.newBuilder(URI.create(service.getValue()))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(service.getValue()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).as(service.getValue())
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
            all.put(service.getKey(), PrometheusText.parse(response.body()));
        }
        return new ServiceMetrics(all);
    }

    Set<String> services() {
        return byService.keySet();
    }

    PrometheusText of(String service) {
        return byService.get(service);
    }

    void assertCoordinatorHandledTheTicket() {
        PrometheusText c = of("coordinator");
        assertThat(c.value("baton_coordinator_records_total", Map.of("topic", "baton.tickets"))).isGreaterThanOrEqualTo(1);
        assertThat(c.value("baton_coordinator_records_total", Map.of("topic", "baton.results"))).isGreaterThanOrEqualTo(3);
        assertThat(c.value("baton_coordinator_sent_total", Map.of("topic", "baton.work.engineer"))).isGreaterThanOrEqualTo(1);
        for (String role : new String[] {"engineer", "reviewer"}) {
            assertThat(c.value("baton_coordinator_handoff_seconds_count", Map.of("role", role))).as(role).isGreaterThanOrEqualTo(1);
        }
        assertThat(c.value("baton_coordinator_dead_letters_total", Map.of("code", "DUPLICATE"))).isEqualTo(1);
        assertThat(c.value("baton_coordinator_tickets", Map.of("state", "DELIVERED"))).isGreaterThanOrEqualTo(1);
        assertThat(c.types()).containsEntry("baton_coordinator_rewinds_total", "counter")
                .containsEntry("baton_coordinator_http_requests_total", "counter");
        assertThat(c.value("baton_coordinator_up")).isEqualTo(1);
    }

    void assertProxyCountedModelCalls() {
        PrometheusText p = of("vault-proxy");
        for (String role : new String[] {"pm", "engineer", "reviewer"}) {
            assertThat(p.value("baton_proxy_requests_total", Map.of("role", role, "status", "200"))).as(role)
                    .isGreaterThanOrEqualTo(1);
            assertThat(p.value("baton_proxy_tokens_total", Map.of("role", role, "kind", "prompt"))).as(role).isPositive();
            assertThat(p.value("baton_proxy_request_duration_seconds_count", Map.of("role", role))).as(role)
                    .isGreaterThanOrEqualTo(1);
        }
        assertThat(p.types()).containsEntry("baton_proxy_spend_usd_total", "counter")
                .containsEntry("baton_proxy_rejections_total", "counter");
    }

    void assertAgentsCountedTheirStages() {
        Map<String, String> outcomes = Map.of("pm", "planned", "engineer", "committed", "reviewer", "reviewed");
        outcomes.forEach((role, outcome) -> {
            PrometheusText a = of("agent-" + role);
            assertThat(a.value("baton_agent_stages_total", Map.of("role", role, "outcome", outcome))).as(role)
                    .isGreaterThanOrEqualTo(1);
            assertThat(a.value("baton_agent_handoff_seconds_count", Map.of("role", role))).as(role).isGreaterThanOrEqualTo(1);
            assertThat(a.value("baton_agent_stage_seconds_count", Map.of("role", role))).as(role).isGreaterThanOrEqualTo(1);
            assertThat(a.value("baton_agent_up")).as(role).isEqualTo(1);
        });
    }

    void assertEngineerCountedItsSandbox() {
        PrometheusText e = of("agent-engineer");
        assertThat(e.value("baton_engineer_sandboxes_acquired_total")).isGreaterThanOrEqualTo(1);
        assertThat(e.value("baton_engineer_sandbox_acquire_seconds_count")).isGreaterThanOrEqualTo(1);
        assertThat(e.value("baton_engineer_sandboxes_in_use")).isZero();
        assertThat(e.types()).containsEntry("baton_engineer_sandboxes_warm", "gauge")
                .containsEntry("baton_engineer_sandboxes_killed_total", "counter");
    }
}
