package dev.baton.proxy.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.protocol.Role;
import dev.baton.proxy.ProxyHarnessAccess;
import dev.baton.proxy.secrets.Redactor;
import dev.baton.testkit.ScriptedReply;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("audit and redaction")
class AuditIT {
    static final String PROVIDER_KEY = "sk-provider-key-for-tests-0123456789abcdef";
    static final String TOKEN_KEY = "token-signing-key-for-tests-0123456789abcdef";
    static final String PRIVATE_KEY = "-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEAtest\\n-----END RSA PRIVATE KEY-----";
    static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    static PrintStream originalErr;
    static ProxyHarnessAccess harness;

    @BeforeAll
    static void start() {
        originalErr = System.err;
        System.setErr(new PrintStream(new Tee(originalErr, LOG), true, StandardCharsets.UTF_8));
        harness = ProxyHarnessAccess.start(Map.of());
    }

    @AfterAll
    static void stop() {
        harness.close();
        System.setErr(originalErr);
    }

    @Test
    void shouldPublishAModelCallWithHashesOfTheKeptBodies() throws Exception {
        String ticket = ProxyHarnessAccess.ticket();
        harness.upstream().script("reviewer", ScriptedReply.text("looks good"));

        var response = harness.chat(harness.token(Role.REVIEWER, ticket), Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        try (var events = new EventsReader(harness.kafkaBootstrap())) {
            JsonNode call = modelCall(events, ticket);
            assertThat(call.get("role").asText()).isEqualTo("reviewer");
            assertThat(call.get("taskId").asText()).isEqualTo("task-1");
            assertThat(call.get("model").asText()).isEqualTo("reviewer");
            assertThat(call.get("status").asInt()).isEqualTo(200);
            assertThat(call.get("tokensIn").asLong()).isPositive();
            assertThat(call.get("tokensOut").asLong()).isPositive();
            String requestBody = harness.redis().get(AuditLog.bodyKey(call.get("requestSha256").asText()));
            String responseBody = harness.redis().get(AuditLog.bodyKey(call.get("responseSha256").asText()));
            assertThat(AuditLog.sha256(requestBody.getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(call.get("requestSha256").asText());
            assertThat(requestBody).contains("\"model\":\"reviewer\"");
            assertThat(responseBody).contains("looks good");
        }
    }

    @Test
    void shouldLeaveNoSecretInForwardedBodiesEventsBlackboardOrLogs() throws Exception {
        String ticket = ProxyHarnessAccess.ticket();
        String leaky = "my key is " + PROVIDER_KEY + " and " + TOKEN_KEY + " and " + PRIVATE_KEY
                + " and ghp_abcdefghijklmnopqrstuvwxyz0123456789";
        harness.upstream().script("engineer", ScriptedReply.error(500, "boom", "echo " + PROVIDER_KEY));

        var response = harness.chat(harness.token(Role.ENGINEER, ticket), Map.of(),
                "{\"messages\":[{\"role\":\"user\",\"content\":\"" + leaky + "\"}]}");
        harness.chat(harness.token(Role.ENGINEER, ticket), Map.of("X-Baton-Role", "pm"));

        assertThat(response.statusCode()).isEqualTo(500);
        var forwarded = harness.upstream().requests("engineer").getLast().body().toString();
        assertThat(forwarded).contains(Redactor.MASK).doesNotContain("BEGIN RSA PRIVATE KEY").doesNotContain("ghp_");
        List<String> places = new ArrayList<>();
        places.add(forwarded);
        places.add(response.body());
        try (var events = new EventsReader(harness.kafkaBootstrap())) {
            places.addAll(events.until(value -> value.contains(ticket) && value.contains("ModelCall")));
        }
        places.addAll(blackboard());
        places.add(LOG.toString(StandardCharsets.UTF_8));
        for (String place : places) {
            assertThat(place).doesNotContain(PROVIDER_KEY).doesNotContain(TOKEN_KEY);
        }
        assertThat(LOG.toString(StandardCharsets.UTF_8)).contains("model call role=engineer ticket=" + ticket);
    }

    static JsonNode modelCall(EventsReader events, String ticket) throws Exception {
        for (String value : events.until(v -> v.contains(ticket) && v.contains("\"ModelCall\""))) {
            JsonNode envelope = Json.MAPPER.readTree(value);
            if (envelope.get("type").asText().equals("ModelCall") && envelope.get("ticketId").asText().equals(ticket)) {
                return envelope.get("payload");
            }
        }
        throw new AssertionError("no ModelCall for " + ticket);
    }

    static List<String> blackboard() {
        List<String> values = new ArrayList<>();
        var redis = harness.redis();
        ScanIterator.scan(redis, ScanArgs.Builder.limit(500)).forEachRemaining(key -> {
            values.add(key);
            switch (redis.type(key)) {
                case "string" -> values.add(redis.get(key));
                case "hash" -> values.add(redis.hgetall(key).toString());
                default -> { }
            }
        });
        assertThat(values).isNotEmpty();
        return values;
    }

    /** Writes to two streams. */
    static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
