package dev.baton.blackboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.TicketState;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.testkit.BatonInfra;
import dev.baton.testkit.RedisServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@BatonInfra
class BlackboardIT {
    static Blackboard blackboard;

    @BeforeAll
    static void connect(RedisServer redis) {
        blackboard = Blackboard.connect(redis.uri());
    }

    @AfterAll
    static void close() {
        blackboard.close();
    }

    static TicketRecord newTicket() {
        String id = "b-" + UUID.randomUUID().toString().substring(0, 8);
        return TicketRecord.submitted(new TicketSubmitted(id, "r", null, "t", "", "me"), Instant.now());
    }

    @Test
    void shouldRefuseAStaleWriteAndKeepTheNewerRecord() {
        TicketRecord t = newTicket();
        assertThat(blackboard.create(t, "m1", List.of())).isEqualTo(CasResult.APPLIED);
        var planning = t.withState(TicketState.PLANNING, "go", Instant.now());
        assertThat(blackboard.update(planning, 1, "m2", List.of())).isEqualTo(CasResult.APPLIED);

        var stale = t.withState(TicketState.CANCELLED, "late", Instant.now());
        assertThat(blackboard.update(stale, 1, "m3", List.of())).isEqualTo(CasResult.STALE);

        var stored = blackboard.ticket(t.id()).orElseThrow();
        assertThat(stored.version()).isEqualTo(2);
        assertThat(stored.value().state()).isEqualTo(TicketState.PLANNING);
        assertThat(blackboard.create(t, "m4", List.of())).isEqualTo(CasResult.STALE);
    }

    @Test
    void shouldRecogniseAnAppliedMessageAndKeepItsOutbox() {
        TicketRecord t = newTicket();
        var outbox = List.of(new OutboxRecord("baton.events", t.id(), "{}"));
        assertThat(blackboard.create(t, "m1", outbox)).isEqualTo(CasResult.APPLIED);
        assertThat(blackboard.update(t.withState(TicketState.PLANNING, "", Instant.now()), 1, "m1", List.of()))
                .isEqualTo(CasResult.DUPLICATE);
        assertThat(blackboard.applied(t.id(), "m1")).isTrue();
        assertThat(blackboard.outbox(t.id(), "m1")).isEqualTo(outbox);
        assertThat(blackboard.ticketIds(1000)).contains(t.id());
    }

    @Test
    void shouldLetExactlyOneOfManyConcurrentWritersWinEachVersion() throws Exception {
        TicketRecord t = newTicket();
        blackboard.create(t, null, List.of());
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<CasResult>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String reason = "writer " + i;
                results.add(pool.submit(() -> blackboard.update(t.withState(TicketState.PLANNING, reason, Instant.now()),
                        1, null, List.of())));
            }
            long applied = 0;
            for (Future<CasResult> r : results) {
                applied += r.get() == CasResult.APPLIED ? 1 : 0;
            }
            assertThat(applied).isEqualTo(1);
        }
        assertThat(blackboard.ticket(t.id()).orElseThrow().version()).isEqualTo(2);
    }
}
