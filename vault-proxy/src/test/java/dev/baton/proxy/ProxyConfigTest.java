package dev.baton.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.protocol.Json;
import dev.baton.protocol.Role;
import dev.baton.protocol.config.ConfigException;
import dev.baton.protocol.config.ConfigSource;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProxyConfigTest {
    static ProxyConfig load(Map<String, String> env) {
        return ProxyConfig.load(new ConfigSource(env, Json.MAPPER.createObjectNode()));
    }

    @Test
    void shouldRouteEveryRoleToTheDefaultUpstreamWhenOnlyModelsAreSet() {
        ProxyConfig config = ProxyHarness.config("http://127.0.0.1:9/v1", "redis://127.0.0.1:1", "127.0.0.1:1",
                Map.of("BATON_PROXY_PRICE_PM_INPUT", "2.5"));

        assertThat(config.route(Role.ENGINEER).targets()).containsExactly(new Route.Target("engineer", "default"));
        assertThat(config.upstreams().get("default").keySecret()).isEqualTo(Optional.of("provider_key"));
        assertThat(config.route(Role.PM).price().inputPerMillion()).isEqualByComparingTo("2.5");
        assertThat(config.upstreams().get("default").url("/chat/completions"))
                .isEqualTo("http://127.0.0.1:9/v1/chat/completions");
    }

    @Test
    void shouldReadSeveralUpstreamsAndFailoverRoutes() {
        ProxyConfig config = load(Map.of(
                "BATON_PROXY_UPSTREAMS", "openai,local",
                "BATON_PROXY_UPSTREAM_OPENAI_URL", "https://api.openai.com/v1",
                "BATON_PROXY_UPSTREAM_LOCAL_URL", "http://127.0.0.1:11434/v1",
                "BATON_PROXY_UPSTREAM_LOCAL_KEY_SECRET", "none",
                "BATON_PROXY_ROUTE_PM", "gpt-4.1@openai, llama3:8b@local",
                "BATON_PROXY_ROUTE_ENGINEER", "gpt-4.1@openai",
                "BATON_PROXY_ROUTE_REVIEWER", "llama3:8b@local"));

        assertThat(config.route(Role.PM).targets()).containsExactly(
                new Route.Target("gpt-4.1", "openai"), new Route.Target("llama3:8b", "local"));
        assertThat(config.upstreams().get("openai").keySecret()).hasValue("provider_key_openai");
        assertThat(config.upstreams().get("local").keySecret()).isEmpty();
    }

    @Test
    void shouldNameTheKeyWhenARouteNamesAnUnknownUpstream() {
        assertThatThrownBy(() -> load(Map.of("BATON_PROXY_UPSTREAM_URL", "http://h/v1",
                "BATON_PROXY_ROUTE_PM", "m@nowhere", "BATON_PROXY_MODEL_ENGINEER", "e",
                "BATON_PROXY_MODEL_REVIEWER", "r")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("proxy.route.pm");
    }

    @Test
    void shouldKeepIdleConnectionsOpenLongerThanAnyCallMayBeSilentAndRefuseAShorterIdleTimeout() {
        var defaults = Map.of("BATON_PROXY_UPSTREAM_URL", "http://h/v1", "BATON_PROXY_MODEL_PM", "p",
                "BATON_PROXY_MODEL_ENGINEER", "e", "BATON_PROXY_MODEL_REVIEWER", "r");
        var slow = new java.util.HashMap<>(defaults);
        slow.put("BATON_PROXY_TIMEOUT", "10m");
        var tooShort = new java.util.HashMap<>(defaults);
        tooShort.put("BATON_PROXY_IDLE_TIMEOUT", "60s");

        assertThat(load(defaults).idleTimeout()).as("the git relay's 5 min, plus a minute")
                .isEqualTo(java.time.Duration.ofMinutes(6));
        assertThat(load(slow).idleTimeout()).isEqualTo(java.time.Duration.ofMinutes(11));
        assertThatThrownBy(() -> load(tooShort)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("proxy.idle-timeout").hasMessageContaining("120s");
    }

    @Test
    void shouldNameTheKeyWhenARoleHasNoModel() {
        assertThatThrownBy(() -> load(Map.of("BATON_PROXY_UPSTREAM_URL", "http://h/v1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BATON_PROXY_MODEL_PM");
    }

    @Test
    void shouldRoundCostsUpToAMicroDollar() {
        Price price = new Price(new BigDecimal("1"), new BigDecimal("4"));
        assertThat(price.cost(1, 0)).isEqualByComparingTo("0.000001");
        assertThat(price.cost(1_000_000, 500_000)).isEqualByComparingTo("3");
    }
}
