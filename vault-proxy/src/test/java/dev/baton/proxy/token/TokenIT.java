package dev.baton.proxy.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.protocol.Role;
import dev.baton.protocol.token.TaskClaims;
import dev.baton.protocol.token.TaskScopes;
import dev.baton.protocol.token.TaskTokens;
import dev.baton.protocol.token.TokenRevocation;
import dev.baton.proxy.ProxyHarnessAccess;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("task tokens at the proxy")
class TokenIT {
    static ProxyHarnessAccess harness;

    @BeforeAll
    static void start() {
        harness = ProxyHarnessAccess.start(Map.of());
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    static JsonNode error(HttpResponse<String> response) throws Exception {
        return Json.MAPPER.readTree(response.body()).get("error");
    }

    @Test
    void shouldRefuseARequestWithoutAToken() throws Exception {
        HttpResponse<String> response = harness.chat(null, Map.of("X-Baton-Role", "engineer"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(error(response).get("code").asText()).isEqualTo("missing_token");
        assertThat(error(response).get("type").asText()).isEqualTo("authentication_error");
    }

    @Test
    void shouldRefuseAnExpiredToken() throws Exception {
        Instant past = Instant.now().minus(Duration.ofHours(1));
        String expired = harness.tokens().sign(new TaskClaims("id-1", Role.ENGINEER, ProxyHarnessAccess.ticket(),
                "task-1", TaskScopes.forRole(Role.ENGINEER), past, past.plus(Duration.ofMinutes(30))));

        HttpResponse<String> response = harness.chat(expired, Map.of());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(error(response).get("code").asText()).isEqualTo("token_expired");
    }

    @Test
    void shouldRefuseATokenSignedWithAnotherKey() throws Exception {
        var forger = new TaskTokens("a-key-the-proxy-does-not-hold-0123456789", Clock.systemUTC());
        String forged = forger.mint(Role.ENGINEER, ProxyHarnessAccess.ticket(), "task-1",
                Set.of(TaskScopes.MODEL), Duration.ofMinutes(5));

        HttpResponse<String> response = harness.chat(forged, Map.of());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(error(response).get("code").asText()).isEqualTo("invalid_signature");
    }

    @Test
    void shouldRefuseATokenOfARevokedTicketButAcceptOneMintedAfter() throws Exception {
        String ticket = ProxyHarnessAccess.ticket();
        String before = harness.token(Role.ENGINEER, ticket);
        harness.redis().set(TokenRevocation.ticketKey(ticket), TokenRevocation.cutoff(Instant.now()));
        Thread.sleep(5);
        String after = harness.token(Role.ENGINEER, ticket);

        HttpResponse<String> refused = harness.chat(before, Map.of());

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(error(refused).get("code").asText()).isEqualTo("token_revoked");
        assertThat(harness.chat(after, Map.of()).statusCode()).isEqualTo(200);
        assertThat(harness.chat(harness.token(Role.ENGINEER, ProxyHarnessAccess.ticket()), Map.of()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void shouldRefuseEveryEarlierTokenWhenTheFleetIsHalted() throws Exception {
        String token = harness.token(Role.PM, ProxyHarnessAccess.ticket());
        harness.redis().set(TokenRevocation.ALL, TokenRevocation.cutoff(Instant.now()));
        try {
            HttpResponse<String> response = harness.chat(token, Map.of());

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(error(response).get("code").asText()).isEqualTo("token_revoked");
        } finally {
            harness.redis().del(TokenRevocation.ALL);
        }
    }

    @Test
    void shouldRefuseWhenTheRoleHeaderClaimsAnotherRole() throws Exception {
        String pmToken = harness.token(Role.PM, ProxyHarnessAccess.ticket());
        long before = harness.upstreamRequests("engineer") + harness.upstreamRequests("pm");

        HttpResponse<String> response = harness.chat(pmToken, Map.of("X-Baton-Role", "engineer"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(error(response).get("code").asText()).isEqualTo("role_mismatch");
        assertThat(harness.upstreamRequests("engineer") + harness.upstreamRequests("pm")).isEqualTo(before);
    }

    @Test
    void shouldRefuseATokenWithoutTheModelScope() throws Exception {
        String gitOnly = harness.tokens().mint(Role.ENGINEER, ProxyHarnessAccess.ticket(), "task-1",
                Set.of(TaskScopes.GIT_READ), Duration.ofMinutes(5));

        HttpResponse<String> response = harness.chat(gitOnly, Map.of());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(error(response).get("code").asText()).isEqualTo("scope_denied");
    }
}
