package dev.baton.protocol;

import static dev.baton.protocol.TicketState.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TicketStateTest {

    @Test
    void shouldAllowTheHappyPath() {
        assertThat(SUBMITTED.canMoveTo(PLANNING)).isTrue();
        assertThat(PLANNING.canMoveTo(IMPLEMENTING)).isTrue();
        assertThat(IMPLEMENTING.canMoveTo(REVIEWING)).isTrue();
        assertThat(REVIEWING.canMoveTo(CHANGES_REQUESTED)).isTrue();
        assertThat(CHANGES_REQUESTED.canMoveTo(IMPLEMENTING)).isTrue();
        assertThat(REVIEWING.canMoveTo(DELIVERING)).isTrue();
        assertThat(DELIVERING.canMoveTo(DELIVERED)).isTrue();
    }

    @Test
    void shouldRefuseSkippingStagesAndLeavingATerminalState() {
        assertThat(SUBMITTED.canMoveTo(DELIVERED)).isFalse();
        assertThat(PLANNING.canMoveTo(REVIEWING)).isFalse();
        assertThat(DELIVERED.canMoveTo(FAILED)).isFalse();
        assertThat(FAILED.canMoveTo(PLANNING)).isFalse();
        assertThat(CANCELLED.canMoveTo(HALTED)).isFalse();
    }

    @Test
    void shouldReachFailedCancelledAndHaltedFromAnyLiveState() {
        for (TicketState s : TicketState.values()) {
            if (!s.isTerminal()) {
                assertThat(s.canMoveTo(FAILED)).as(s + "->FAILED").isTrue();
                assertThat(s.canMoveTo(CANCELLED)).as(s + "->CANCELLED").isTrue();
            }
        }
        assertThat(HALTED.canMoveTo(HALTED)).isFalse();
    }
}
