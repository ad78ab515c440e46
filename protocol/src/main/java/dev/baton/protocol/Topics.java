package dev.baton.protocol;

import java.util.List;

/** Kafka topic names of DESIGN.md. Every record on every topic is keyed by ticket id. */
public final class Topics {
    public static final String TICKETS = "baton.tickets";
    public static final String WORK_PM = "baton.work.pm";
    public static final String WORK_ENGINEER = "baton.work.engineer";
    public static final String WORK_REVIEWER = "baton.work.reviewer";
    public static final String RESULTS = "baton.results";
    public static final String EVENTS = "baton.events";
    public static final String CONTROL = "baton.control";
    public static final String DLQ = "baton.dlq";

    public static final List<String> ALL =
            List.of(TICKETS, WORK_PM, WORK_ENGINEER, WORK_REVIEWER, RESULTS, EVENTS, CONTROL, DLQ);

    private Topics() {}
}
