package dev.baton.coordinator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.TicketState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventIndexTest {
    static EventIndex.Entry entry(String ticket, String id, int chars) {
        return new EventIndex.Entry(id, ticket, "HandoffEvent", Instant.EPOCH, "x".repeat(chars));
    }

    @Test
    void shouldKeepEventsInOrderAndDropARepeatedEnvelope() {
        var index = new EventIndex(10, 10, 10_000);

        assertThat(index.add(entry("t-1", "a", 5), TicketState.SUBMITTED)).isTrue();
        assertThat(index.add(entry("t-1", "b", 5), TicketState.PLANNING)).isTrue();
        assertThat(index.add(entry("t-1", "a", 5), TicketState.SUBMITTED)).isFalse();

        assertThat(index.events("t-1")).extracting(EventIndex.Entry::id).containsExactly("a", "b");
        assertThat(index.stateCounts()).containsExactly(java.util.Map.entry(TicketState.PLANNING, 1));
    }

    @Test
    void shouldDropTheOldestEventsOfATicketOverItsLimitAndSaySo() {
        var index = new EventIndex(2, 10, 10_000);

        index.add(entry("t-1", "a", 1), null);
        index.add(entry("t-1", "b", 1), null);
        index.add(entry("t-1", "c", 1), null);

        assertThat(index.events("t-1")).extracting(EventIndex.Entry::id).containsExactly("b", "c");
        assertThat(index.truncated("t-1")).isTrue();
    }

    @Test
    void shouldEvictTheLeastRecentlyUpdatedTicketOverTheTicketOrSizeLimit() {
        var index = new EventIndex(100, 2, 25);

        index.add(entry("t-1", "a", 10), TicketState.DELIVERED);
        index.add(entry("t-2", "b", 10), TicketState.FAILED);
        index.add(entry("t-1", "c", 1), TicketState.DELIVERED);
        index.add(entry("t-3", "d", 10), TicketState.PLANNING);

        assertThat(index.events("t-2")).isEmpty();
        assertThat(index.events("t-1")).hasSize(2);
        assertThat(index.stateCounts()).doesNotContainKey(TicketState.FAILED);
        assertThat(index.size()).isEqualTo(2);
    }
}
