package dev.baton.coordinator.api;

import dev.baton.protocol.TicketState;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The events of {@code baton.events} and {@code baton.control} in memory, per ticket, in the order they were
 * read, without duplicates (an outbox re-send repeats an envelope id). Bounded: at most {@code maxPerTicket}
 * events per ticket (the oldest are dropped and the ticket marked truncated) and at most {@code maxTickets}
 * tickets or {@code maxChars} characters of JSON (the least recently updated tickets are dropped).
 * Thread-safe: one writer (the feed), many readers.
 */
final class EventIndex {
    /** One event: its envelope id, ticket, type, time and the whole envelope as JSON. */
    record Entry(String id, String ticketId, String type, Instant occurredAt, String json) {}

    /** The last fleet-wide HALT or RESUME seen on {@code baton.control}. */
    record Fleet(boolean halted, String who, String reason, Instant at) {
        static final Fleet RUNNING = new Fleet(false, null, null, null);
    }

    private final int maxPerTicket;
    private final int maxTickets;
    private final long maxChars;
    private final LinkedHashMap<String, Ticket> tickets = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, TicketState> states = new LinkedHashMap<>();
    private long chars;
    private volatile boolean caughtUp;
    private volatile Fleet fleet = Fleet.RUNNING;

    EventIndex(int maxPerTicket, int maxTickets, long maxChars) {
        this.maxPerTicket = maxPerTicket;
        this.maxTickets = maxTickets;
        this.maxChars = maxChars;
    }

    /** Adds an event; false if its id was seen before for that ticket. {@code state} is set for handoffs. */
    synchronized boolean add(Entry entry, TicketState state) {
        Ticket ticket = tickets.computeIfAbsent(entry.ticketId(), k -> new Ticket());
        if (!ticket.ids.add(entry.id())) {
            return false;
        }
        ticket.events.addLast(entry);
        chars += entry.json().length();
        if (ticket.events.size() > maxPerTicket) {
            Entry dropped = ticket.events.removeFirst();
            ticket.ids.remove(dropped.id());
            chars -= dropped.json().length();
            ticket.truncated = true;
        }
        if (state != null) {
            states.put(entry.ticketId(), state);
        }
        evict(entry.ticketId());
        return true;
    }

    private void evict(String keep) {
        var oldest = tickets.entrySet().iterator();
        while ((tickets.size() > maxTickets || chars > maxChars) && oldest.hasNext()) {
            var next = oldest.next();
            if (next.getKey().equals(keep)) {
                continue;
            }
            next.getValue().events.forEach(e -> chars -= e.json().length());
            states.remove(next.getKey());
            oldest.remove();
        }
    }

    /** The ticket's events, oldest first; empty if none were seen (or all were evicted). */
    synchronized List<Entry> events(String ticketId) {
        Ticket ticket = tickets.get(ticketId);
        return ticket == null ? List.of() : new ArrayList<>(ticket.events);
    }

    /** Whether older events of the ticket were dropped to stay within the bounds. */
    synchronized boolean truncated(String ticketId) {
        Ticket ticket = tickets.get(ticketId);
        return ticket != null && ticket.truncated;
    }

    /** How many indexed tickets are in each state, by their latest handoff. */
    synchronized Map<TicketState, Integer> stateCounts() {
        Map<TicketState, Integer> counts = new EnumMap<>(TicketState.class);
        states.values().forEach(s -> counts.merge(s, 1, Integer::sum));
        return counts;
    }

    synchronized int size() {
        return tickets.size();
    }

    Fleet fleet() {
        return fleet;
    }

    void fleet(Fleet latest) {
        fleet = latest;
    }

    /** Whether the feed has read everything the topics held when it started. */
    boolean caughtUp() {
        return caughtUp;
    }

    void markCaughtUp() {
        caughtUp = true;
    }

    private static final class Ticket {
        final ArrayDeque<Entry> events = new ArrayDeque<>();
        final Set<String> ids = new HashSet<>();
        boolean truncated;
    }
}
