package dev.baton.coordinator.intake;

import dev.baton.blackboard.Blackboard;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodically re-dispatches or fails the tickets whose stage deadline passed (see
 * {@link dev.baton.coordinator.workflow.Deadlines}). Runs on its own virtual thread; several coordinators may
 * sweep at once, compare-and-set lets one of them act. On start it re-indexes every live ticket, so a deadline
 * whose index entry was lost in a crash is still enforced.
 */
public final class DeadlineSweeper implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DeadlineSweeper.class);

    private final Blackboard blackboard;
    private final TicketProcessor processor;
    private final Duration interval;
    private volatile boolean running = true;

    public DeadlineSweeper(Blackboard blackboard, TicketProcessor processor, Duration interval) {
        this.blackboard = blackboard;
        this.processor = processor;
        this.interval = interval;
    }

    @Override
    public void run() {
        reindex();
        while (running) {
            try {
                Thread.sleep(interval);
                for (String id : blackboard.dueTickets(Instant.now(), 1000)) {
                    processor.checkDeadline(id, Instant.now());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("deadline sweep failed ({}); retrying in {}", e.toString(), interval);
            }
        }
    }

    private void reindex() {
        try {
            for (String id : blackboard.ticketIds(100_000)) {
                processor.checkDeadline(id, Instant.EPOCH);
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot re-index deadlines at start ({}); relying on the index", e.toString());
        }
    }

    public void stop() {
        running = false;
    }
}
