package dev.baton.bench;

import dev.baton.blackboard.Blackboard;
import dev.baton.blackboard.CasResult;
import dev.baton.blackboard.TicketRecord;
import dev.baton.blackboard.Versioned;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code writers} threads, each with its own Redis connection, doing read-modify-write on ONE ticket with
 * {@link Blackboard#update}: read the record and its version, bump the record's round, write with
 * compare-and-set. A stale write is refused and retried. None lost means: the final version is exactly the
 * number of applied writes + 1 (the create), and the round counter inside the record agrees.
 */
final class CasContention {
    record Result(int writers, double seconds, long applied, long stale, long finalVersion, long finalRound) {
        boolean noneLost() {
            return finalVersion == applied + 1 && finalRound == applied + 1;
        }

        double appliedPerSecond() {
            return applied / seconds;
        }

        double attemptsPerSecond() {
            return (applied + stale) / seconds;
        }
    }

    private CasContention() {}

    static Result run(String redisUri, String ticketId, int writers, Duration duration) throws InterruptedException {
        var blackboards = new ArrayList<Blackboard>();
        for (int i = 0; i < writers; i++) {
            blackboards.add(Blackboard.connect(redisUri));
        }
        try {
            var created = TicketRecord.submitted(InstantWork.ticket(ticketId), Instant.now());
            if (blackboards.get(0).create(created, ticketId + "/create", List.of()) != CasResult.APPLIED) {
                throw new IllegalStateException("ticket " + ticketId + " exists already");
            }
            var applied = new AtomicLong();
            var stale = new AtomicLong();
            var go = new CountDownLatch(1);
            var threads = new ArrayList<Thread>();
            long[] window = new long[2];
            for (int w = 0; w < writers; w++) {
                Blackboard bb = blackboards.get(w);
                String writer = "w" + w;
                threads.add(Thread.ofPlatform().name("cas-" + writer).start(() -> {
                    await(go);
                    long end = window[1];
                    for (long n = 0; System.nanoTime() < end; n++) {
                        Versioned<TicketRecord> current = bb.ticket(ticketId).orElseThrow();
                        TicketRecord next = current.value().withStage(0, current.value().round() + 1, 1);
                        switch (bb.update(next, current.version(), writer + "-" + n, List.of())) {
                            case APPLIED -> applied.incrementAndGet();
                            case STALE -> stale.incrementAndGet();
                            case DUPLICATE -> throw new IllegalStateException("message ids are unique");
                        }
                    }
                }));
            }
            window[0] = System.nanoTime();
            window[1] = window[0] + duration.toNanos();
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            double seconds = (System.nanoTime() - window[0]) / 1e9;
            Versioned<TicketRecord> last = blackboards.get(0).ticket(ticketId).orElseThrow();
            return new Result(writers, seconds, applied.get(), stale.get(), last.version(), last.value().round());
        } finally {
            blackboards.forEach(Blackboard::close);
        }
    }

    private static void await(CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
