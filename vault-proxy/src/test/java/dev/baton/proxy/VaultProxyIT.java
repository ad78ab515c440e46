package dev.baton.proxy;

import static dev.baton.proxy.ProxyHarness.chatBody;
import static dev.baton.proxy.ProxyHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.protocol.Json;
import dev.baton.protocol.Role;
import dev.baton.proxy.secrets.SecretStore;
import dev.baton.testkit.PrometheusText;
import dev.baton.testkit.ScriptedReply;
import dev.baton.testkit.fuzz.RawHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("VaultProxy: routing, streaming, errors")
class VaultProxyIT {
    static ProxyHarness harness;

    @BeforeAll
    static void start() {
        harness = new ProxyHarness(Map.of("BATON_PROXY_TIMEOUT", "2s", "BATON_PROXY_IDLE_TIMEOUT", "3s"));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @BeforeEach
    void reset() {
        harness.upstream.reset();
        harness.upstream.clearScripts();
    }

    @Nested
    @DisplayName("forwarding")
    class Forwarding {
        @Test
        void shouldUseTheRoleModelAndTheProviderKeyWhenAnAgentCalls() throws Exception {
            harness.upstream.script("engineer", ScriptedReply.text("hello from engineer"));
            String token = harness.token(Role.ENGINEER, ProxyHarness.ticket());

            HttpResponse<String> response = harness.chat(token, chatBody("hi"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).at("/choices/0/message/content").asText()).isEqualTo("hello from engineer");
            var seen = harness.upstream.requests("engineer");
            assertThat(seen).hasSize(1);
            assertThat(seen.getFirst().header("Authorization")).hasValue("Bearer " + ProxyHarness.PROVIDER_KEY);
            assertThat(seen.getFirst().headers().keySet()).noneMatch(h -> h.toLowerCase().startsWith("x-baton"));
            assertThat(seen.getFirst().body().toString()).doesNotContain(token);
        }

        @Test
        void shouldRouteByTheTokenRoleNotByTheHeaders() throws Exception {
            String token = harness.token(Role.REVIEWER, ProxyHarness.ticket());

            HttpResponse<String> response = harness.chat(token, chatBody("hi"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(harness.upstream.requests("reviewer")).hasSize(1);
        }

        @Test
        void shouldPassServerSentEventsThroughWhenStreaming() throws Exception {
            harness.upstream.script("reviewer", ScriptedReply.text("streamed answer text"));
            String body = "{\"model\":\"x\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

            HttpResponse<String> response = harness.chat(harness.token(Role.REVIEWER, ProxyHarness.ticket()), body);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(response.body()).contains("data: [DONE]").contains("\"delta\"").contains("\"usage\"");
        }

        @Test
        void shouldListOnlyTheModelsOfTheCallersRole() throws Exception {
            HttpResponse<String> response = harness.get("/v1/models", harness.token(Role.PM, ProxyHarness.ticket()));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).at("/data/0/id").asText()).isEqualTo("pm");
            assertThat(json(response).get("data")).hasSize(1);
        }

        @Test
        void shouldAnswerHealthzAndMetrics() throws Exception {
            harness.chat(harness.token(Role.PM, ProxyHarness.ticket()), chatBody("count me"));

            assertThat(harness.get("/healthz", null).statusCode()).isEqualTo(200);
            HttpResponse<String> response = harness.get("/metrics", null);
            var metrics = PrometheusText.parse(response.body());
            assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t ->
                    assertThat(t).startsWith("text/plain; version=0.0.4"));
            assertThat(metrics.value("baton_proxy_requests_total", Map.of("role", "pm", "status", "200"))).isPositive();
            assertThat(metrics.value("baton_proxy_request_duration_seconds_count", Map.of("role", "pm"))).isPositive();
            assertThat(metrics.value("baton_proxy_tokens_total", Map.of("role", "pm", "kind", "prompt"))).isPositive();
            assertThat(metrics.types()).containsEntry("baton_proxy_spend_usd_total", "counter");
        }
    }

    @Nested
    @DisplayName("errors")
    class Errors {
        @Test
        void shouldKeepTheUpstreamStatusWhenTheUpstreamFails() throws Exception {
            harness.upstream.script("pm", ScriptedReply.error(503, "overloaded", "try later"));

            HttpResponse<String> response = harness.chat(harness.token(Role.PM, ProxyHarness.ticket()), chatBody("hi"));

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(json(response).at("/error/code").asText()).isEqualTo("overloaded");
        }

        @Test
        void shouldAnswer504WhenTheUpstreamIsTooSlow() throws Exception {
            harness.upstream.script("pm", ScriptedReply.text("late").withDelay(Duration.ofSeconds(4)));

            HttpResponse<String> response = harness.chat(harness.token(Role.PM, ProxyHarness.ticket()), chatBody("hi"));

            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(json(response).at("/error/code").asText()).isEqualTo("upstream_timeout");
            assertThat(json(response).at("/error/type").asText()).isEqualTo("server_error");
        }

        @Test
        void shouldRefuseABodyThatIsNotJson() throws Exception {
            HttpResponse<String> response = harness.chat(harness.token(Role.PM, ProxyHarness.ticket()), "not json");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).at("/error/type").asText()).isEqualTo("invalid_request_error");
        }

        @Test
        void shouldRefuseFieldsOfTheWrongTypeThatTheProxyReadsWith400NamingTheField() throws Exception {
            String token = harness.token(Role.PM, ProxyHarness.ticket());
            String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

            var streamOptions = harness.chat(token, "{" + messages + ",\"stream\":true,\"stream_options\":\"yes\"}");
            var maxTokens = harness.chat(token, "{" + messages + ",\"max_tokens\":9223372036854775807}");

            assertThat(streamOptions.statusCode()).isEqualTo(400);
            assertThat(json(streamOptions).at("/error/param").asText()).isEqualTo("stream_options");
            assertThat(maxTokens.statusCode()).isEqualTo(400);
            assertThat(json(maxTokens).at("/error/param").asText()).isEqualTo("max_tokens");
            assertThat(harness.upstream.requests()).isEmpty();
        }

        @Test
        void shouldAnswerARequestTheHttpCodecRefusesWithAJsonError() throws Exception {
            var uriTooLong = RawHttp.send(harness.proxy.port(), RawHttp.request("GET",
                    RawHttp.latin1("/v1/" + "a".repeat(5000)), Map.of(), null, false));
            var headersTooLarge = RawHttp.send(harness.proxy.port(), RawHttp.request("GET", RawHttp.latin1("/healthz"),
                    Map.of("X-Padding", RawHttp.latin1("p".repeat(9000))), null, false));

            assertThat(uriTooLong.status()).isEqualTo(414);
            assertThat(Json.MAPPER.readTree(uriTooLong.body()).at("/error/code").asText()).isEqualTo("uri_too_long");
            assertThat(headersTooLarge.status()).isEqualTo(431);
            assertThat(Json.MAPPER.readTree(headersTooLarge.body()).at("/error/code").asText())
                    .isEqualTo("headers_too_large");
            assertThat(uriTooLong.closed() && headersTooLarge.closed()).as("connections closed").isTrue();
        }

        @Test
        void shouldCloseAConnectionThatStaysSilentLongerThanTheIdleTimeout() throws Exception {
            try (var socket = new java.net.Socket("127.0.0.1", harness.proxy.port())) {
                socket.setSoTimeout(30_000);
                // half a request: the body it announces never comes
                socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Length: 100\r\n\r\n{").getBytes(java.nio.charset.StandardCharsets.US_ASCII));

                assertThat(socket.getInputStream().read()).as("end of stream: the proxy closed the connection")
                        .isEqualTo(-1);
            }
        }

        @Test
        void shouldAnswer404ForAnUnknownPath() throws Exception {
            assertThat(harness.get("/v1/embeddings", null).statusCode()).isEqualTo(404);
        }

        @Test
        void shouldNotStartWhenTheProviderKeyIsMissing() {
            ProxyConfig config = ProxyHarness.config(harness.upstream.baseUrl(), harness.redisServer.uri(),
                    harness.kafka.bootstrapServers(), Map.of());
            assertThatThrownBy(() -> VaultProxy.start(config, SecretStore.of(Map.of("token_key", ProxyHarness.TOKEN_KEY))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("BATON_SECRET_PROVIDER_KEY");
        }

        @Test
        void shouldNotStartWhenTheTokenKeyIsMissing() {
            ProxyConfig config = ProxyHarness.config(harness.upstream.baseUrl(), harness.redisServer.uri(),
                    harness.kafka.bootstrapServers(), Map.of());
            assertThatThrownBy(() -> VaultProxy.start(config, SecretStore.of(Map.of("provider_key", "k"))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("BATON_SECRET_TOKEN_KEY");
        }
    }
}
