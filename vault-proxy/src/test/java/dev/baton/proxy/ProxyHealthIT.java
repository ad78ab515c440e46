package dev.baton.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("VaultProxy /healthz: up only while its Redis answers (real Redis, real Kafka)")
class ProxyHealthIT {
    @Test
    void shouldAnswer503WithTheReasonWhenRedisStops() throws Exception {
        try (var harness = new ProxyHarness(Map.of())) {
            assertThat(harness.get("/healthz", null).statusCode()).isEqualTo(200);

            harness.redisServer.close();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> health = harness.get("/healthz", null);
                assertThat(health.statusCode()).isEqualTo(503);
                assertThat(health.body()).contains("\"status\":\"DOWN\"").contains("Redis does not answer a PING");
            });
        }
    }
}
