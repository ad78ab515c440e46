package dev.baton.proxy;

import static dev.baton.proxy.ProxyFixture.chat;
import static dev.baton.proxy.ProxyFixture.json;
import static dev.baton.proxy.ProxyFixture.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.proxy.secrets.SecretStore;
import dev.baton.testkit.ScriptedModelServer;
import dev.baton.testkit.ScriptedReply;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("VaultProxy, embedded, role from headers")
class VaultProxyIT {
    static final String KEY = "sk-provider-key-for-tests-0123456789";
    static final Map<String, String> ENGINEER = Map.of("Authorization", "Bearer t", "X-Baton-Role", "engineer",
            "X-Baton-Ticket", "t-1", "X-Baton-Task", "task-1");
    static ScriptedModelServer upstream;
    static VaultProxy proxy;

    @BeforeAll
    static void start() {
        upstream = ScriptedModelServer.start();
        proxy = VaultProxy.start(ProxyFixture.config(upstream.baseUrl(), Map.of("BATON_PROXY_TIMEOUT", "2s")),
                SecretStore.of(Map.of("provider_key", KEY)));
    }

    @AfterAll
    static void stop() {
        proxy.close();
        upstream.close();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
        upstream.clearScripts();
    }

    String url() {
        return proxy.baseUrl() + "/v1/chat/completions";
    }

    @Nested
    @DisplayName("forwarding")
    class Forwarding {
        @Test
        void shouldUseTheRoleModelAndTheProviderKeyWhenAnAgentCalls() throws Exception {
            upstream.script("engineer", ScriptedReply.text("hello from engineer"));

            HttpResponse<String> response = post(url(), ENGINEER, chat("hi"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).at("/choices/0/message/content").asText()).isEqualTo("hello from engineer");
            var seen = upstream.requests("engineer");
            assertThat(seen).hasSize(1);
            assertThat(seen.getFirst().header("Authorization")).hasValue("Bearer " + KEY);
            assertThat(seen.getFirst().headers().keySet()).noneMatch(h -> h.toLowerCase().startsWith("x-baton"));
        }

        @Test
        void shouldPassServerSentEventsThroughWhenStreaming() throws Exception {
            upstream.script("reviewer", ScriptedReply.text("streamed answer text"));
            String body = "{\"model\":\"x\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

            HttpResponse<String> response = post(url(), Map.of("X-Baton-Role", "reviewer"), body);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(response.body()).contains("data: [DONE]").contains("\"delta\"");
        }

        @Test
        void shouldAnswerHealthz() throws Exception {
            var response = ProxyFixture.HTTP.send(HttpRequest.newBuilder(URI.create(proxy.baseUrl() + "/healthz"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        }
    }

    @Nested
    @DisplayName("errors")
    class Errors {
        @Test
        void shouldRefuseWhenTheRoleHeaderIsMissing() throws Exception {
            HttpResponse<String> response = post(url(), Map.of(), chat("hi"));

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(json(response).at("/error/code").asText()).isEqualTo("missing_role");
            assertThat(upstream.requests()).isEmpty();
        }

        @Test
        void shouldKeepTheUpstreamStatusWhenTheUpstreamFails() throws Exception {
            upstream.script("pm", ScriptedReply.error(503, "overloaded", "try later"));

            HttpResponse<String> response = post(url(), Map.of("X-Baton-Role", "pm"), chat("hi"));

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(json(response).at("/error/code").asText()).isEqualTo("overloaded");
        }

        @Test
        void shouldAnswer504WhenTheUpstreamIsTooSlow() throws Exception {
            upstream.script("pm", ScriptedReply.text("late").withDelay(Duration.ofSeconds(4)));

            HttpResponse<String> response = post(url(), Map.of("X-Baton-Role", "pm"), chat("hi"));

            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(json(response).at("/error/code").asText()).isEqualTo("upstream_timeout");
        }

        @Test
        void shouldRefuseABodyThatIsNotJson() throws Exception {
            HttpResponse<String> response = post(url(), ENGINEER, "not json");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).at("/error/type").asText()).isEqualTo("invalid_request_error");
        }

        @Test
        void shouldNotStartWhenTheProviderKeyIsMissing() {
            assertThatThrownBy(() -> VaultProxy.start(ProxyFixture.config(upstream.baseUrl(), Map.of()),
                    SecretStore.of(Map.of())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("BATON_SECRET_PROVIDER_KEY");
        }
    }
}
