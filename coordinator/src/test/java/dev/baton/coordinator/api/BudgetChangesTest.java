package dev.baton.coordinator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.blackboard.budget.Cap;
import dev.baton.protocol.Role;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class BudgetChangesTest {
    @Test
    void shouldNameEachKindOfChange() {
        assertThat(BudgetChanges.action(null, BigDecimal.ONE)).isEqualTo("set");
        assertThat(BudgetChanges.action(BigDecimal.ONE, null)).isEqualTo("removed");
        assertThat(BudgetChanges.action(BigDecimal.ONE, BigDecimal.TEN)).isEqualTo("raised");
        assertThat(BudgetChanges.action(BigDecimal.TEN, BigDecimal.ONE)).isEqualTo("lowered");
    }

    @Test
    void shouldDescribeScopesAsTheProxyDoes() {
        assertThat(BudgetChanges.scope(Role.ENGINEER, Cap.DAY_USD, BigDecimal.ONE)).isEqualTo("role=engineer,period=day");
        assertThat(BudgetChanges.scope(Role.PM, Cap.CALL_TOKENS, new BigDecimal("512")))
                .isEqualTo("role=pm,cap=call-tokens,limit=512");
    }
}
