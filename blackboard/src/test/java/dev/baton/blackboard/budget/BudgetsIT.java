package dev.baton.blackboard.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.blackboard.Blackboard;
import dev.baton.protocol.Role;
import dev.baton.testkit.BatonInfra;
import dev.baton.testkit.RedisServer;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Budgets against a real Redis, with the exact keys the vault proxy enforces. */
@BatonInfra
class BudgetsIT {
    static final Instant NOW = Instant.parse("2031-05-06T07:08:09Z");
    static Blackboard blackboard;
    static Budgets budgets;

    @BeforeAll
    static void connect(RedisServer redis) {
        blackboard = Blackboard.connect(redis.uri());
        budgets = new Budgets(blackboard.redis(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void clear() {
        blackboard.redis().del("baton:budget:{reviewer}");
    }

    @AfterAll
    static void close() {
        blackboard.close();
    }

    @Test
    void shouldWriteCapsInTheHashTheProxyReads() {
        budgets.change(Role.REVIEWER, Map.of(Cap.DAY_USD, Optional.of(new BigDecimal("2.50")),
                Cap.CALL_TOKENS, Optional.of(new BigDecimal("512"))));

        assertThat(blackboard.redis().hgetall("baton:budget:{reviewer}"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("day-usd", "2.5", "call-tokens", "512"));
        assertThat(budgets.caps(Role.REVIEWER)).containsOnlyKeys(Cap.DAY_USD, Cap.CALL_TOKENS);
        assertThat(budgets.caps(Role.REVIEWER).get(Cap.DAY_USD)).isEqualByComparingTo("2.5");
    }

    @Test
    void shouldRemoveOnlyTheCapsGivenEmptyAndKeepTheOthers() {
        budgets.change(Role.REVIEWER, Map.of(Cap.DAY_USD, Optional.of(BigDecimal.ONE),
                Cap.MONTH_USD, Optional.of(BigDecimal.TEN)));

        budgets.change(Role.REVIEWER, Map.of(Cap.DAY_USD, Optional.empty()));

        assertThat(blackboard.redis().hgetall("baton:budget:{reviewer}")).containsExactly(Map.entry("month-usd", "10"));
    }

    @Test
    void shouldRefuseANegativeCapAndFractionalCallTokens() {
        assertThatThrownBy(() -> budgets.change(Role.REVIEWER, Map.of(Cap.TICKET_USD, Optional.of(new BigDecimal("-1")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ticket-usd must not be negative");
        assertThatThrownBy(() -> budgets.change(Role.REVIEWER, Map.of(Cap.CALL_TOKENS, Optional.of(new BigDecimal("1.5")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("call-tokens must be a whole number");
        assertThat(blackboard.redis().exists("baton:budget:{reviewer}")).isZero();
    }

    @Test
    void shouldReadSpendInMicroUsdFromTheDayMonthAndTicketCounters() {
        String ticket = "bt-" + UUID.randomUUID().toString().substring(0, 8);
        blackboard.redis().set("baton:spend:{reviewer}:day:2031-05-06", "1250000");
        blackboard.redis().set("baton:spend:{reviewer}:month:2031-05", "3000001");
        blackboard.redis().set("baton:spend:{reviewer}:ticket:" + ticket, "420");
        blackboard.redis().set("baton:spend:{pm}:ticket:" + ticket, "80");

        RoleBudget budget = budgets.read(Role.REVIEWER);

        assertThat(budget.spentDayUsd()).isEqualByComparingTo("1.25");
        assertThat(budget.spentMonthUsd()).isEqualByComparingTo("3.000001");
        assertThat(budgets.spentOnTicket(Role.REVIEWER, ticket)).isEqualByComparingTo("0.00042");
        assertThat(budgets.spentOnTicket(ticket)).isEqualByComparingTo("0.0005");
    }
}
