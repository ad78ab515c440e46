package dev.baton.proxy.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.Json;
import dev.baton.protocol.Role;
import dev.baton.proxy.ProxyHarnessAccess;
import dev.baton.testkit.ScriptedModelServer;
import dev.baton.testkit.ScriptedReply;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A role routed to two upstreams: the second answers when the first fails before any byte. */
class FailoverIT {
    static ScriptedModelServer backup;
    static ProxyHarnessAccess harness;

    @BeforeAll
    static void start() {
        backup = ScriptedModelServer.start();
        harness = ProxyHarnessAccess.start(Map.of("BATON_PROXY_UPSTREAMS", "default,backup",
                "BATON_PROXY_UPSTREAM_BACKUP_URL", backup.baseUrl(),
                "BATON_PROXY_UPSTREAM_BACKUP_KEY_SECRET", "none",
                "BATON_PROXY_ROUTE_PM", "pm-main@default,pm-backup@backup"));
    }

    @AfterAll
    static void stop() {
        harness.close();
        backup.close();
    }

    @BeforeEach
    void reset() {
        harness.upstream().reset();
        backup.reset();
    }

    @Test
    void shouldFailOverToTheNextUpstreamWhenTheFirstIsOverloaded() throws Exception {
        harness.upstream().script("pm-main", ScriptedReply.error(503, "overloaded", "busy"));
        backup.script("pm-backup", ScriptedReply.text("from backup"));

        var response = harness.chat(harness.token(Role.PM, ProxyHarnessAccess.ticket()), Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(response.body()).at("/choices/0/message/content").asText())
                .isEqualTo("from backup");
        assertThat(harness.upstream().requests("pm-main")).hasSize(1);
        assertThat(backup.requests("pm-backup").getFirst().header("Authorization")).isEmpty();
    }

    @Test
    void shouldStayOnThePrimaryWhenItAnswers() throws Exception {
        harness.upstream().script("pm-main", ScriptedReply.text("from main"));

        var response = harness.chat(harness.token(Role.PM, ProxyHarnessAccess.ticket()), Map.of());

        assertThat(Json.MAPPER.readTree(response.body()).at("/choices/0/message/content").asText())
                .isEqualTo("from main");
        assertThat(backup.requests()).isEmpty();
    }
}
