package dev.baton.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.protocol.Json;
import dev.baton.protocol.config.ConfigException;
import dev.baton.protocol.config.ConfigSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorsTest {
    static final String ALICE = "alice-token-0123456789";
    static final String BOB = "bob-token-0123456789ab";

    static Operators load(Map<String, String> env, String file) throws Exception {
        return Operators.load(new ConfigSource(env, file == null ? null : Json.MAPPER.readTree(file)));
    }

    @Test
    void shouldReadNamedOperatorsFromTheEnvironmentBesideTheSharedToken() throws Exception {
        var operators = load(Map.of("BATON_COORDINATOR_OPERATORS", "alice=" + ALICE + ", bob=" + BOB,
                "BATON_COORDINATOR_OPERATOR_TOKEN", "shared-token-0123456789"), null);

        assertThat(operators.tokens()).containsExactlyInAnyOrderEntriesOf(Map.of("alice", ALICE, "bob", BOB,
                "operator", "shared-token-0123456789"));
        assertThat(operators.toString()).doesNotContain(ALICE, BOB);
    }

    @Test
    void shouldReadNamedOperatorsFromTheConfigFile() throws Exception {
        var operators = load(Map.of(), "{\"coordinator\":{\"operators\":{\"alice\":\"" + ALICE + "\"}}}");

        assertThat(operators.tokens()).containsExactly(Map.entry("alice", ALICE));
    }

    @Test
    void shouldKeepTheSingleTokenWorkingAsOperatorOperator() throws Exception {
        assertThat(load(Map.of("BATON_COORDINATOR_OPERATOR_TOKEN", " " + ALICE + " "), null).tokens())
                .containsExactly(Map.entry("operator", ALICE));
        assertThat(load(Map.of(), null).isEmpty()).isTrue();
    }

    @Test
    void shouldRefuseBadOperatorsNamingTheKeyWithoutShowingATokenValue() {
        assertThatThrownBy(() -> load(Map.of("BATON_COORDINATOR_OPERATORS", "alice=" + ALICE + ",bob=" + ALICE), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("coordinator.operators")
                .hasMessageContaining("the same token").hasMessageNotContaining(ALICE);
        assertThatThrownBy(() -> load(Map.of("BATON_COORDINATOR_OPERATORS", "alice=short"), null))
                .hasMessageContaining("gives alice a token of 5 characters").hasMessageContaining("at least 16");
        assertThatThrownBy(() -> load(Map.of("BATON_COORDINATOR_OPERATORS", ALICE), null))
                .hasMessageContaining("entry 1 is not name=value").hasMessageNotContaining(ALICE);
        assertThatThrownBy(() -> load(Map.of("BATON_COORDINATOR_OPERATORS", "al ice=" + ALICE), null))
                .hasMessageContaining("names an operator 'al ice'");
        assertThatThrownBy(() -> load(Map.of("BATON_COORDINATOR_OPERATORS", "operator=" + ALICE,
                "BATON_COORDINATOR_OPERATOR_TOKEN", BOB), null)).hasMessageContaining("drop one of the two");
        assertThatThrownBy(() -> load(Map.of("BATON_COORDINATOR_OPERATOR_TOKEN", "too-short"), null))
                .hasMessageContaining("coordinator.operator-token").hasMessageContaining("is 9 characters");
        assertThatThrownBy(() -> load(Map.of(), "{\"coordinator\":{\"operators\":[\"alice\"]}}"))
                .hasMessageContaining("is not a JSON object");
    }
}
