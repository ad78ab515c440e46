package dev.baton.telemetry.log;

import org.slf4j.MDC;

/**
 * The ticket and task the current thread works on, as MDC keys {@value #TICKET} and {@value #TASK} (and, in a
 * service that serves several roles, such as the vault proxy, the caller's {@value #ROLE}): every log line written
 * meanwhile carries them. Use with try-with-resources; closing restores what was set before, so
 * scopes nest. Not shared between threads (the MDC is per thread and not inherited).
 */
public final class LogContext implements AutoCloseable {
    public static final String TICKET = "ticketId";
    public static final String TASK = "taskId";
    public static final String ROLE = "role";

    private final String previousTicket;
    private final String previousTask;
    private final String previousRole;

    private LogContext(String ticketId, String taskId, String role) {
        previousTicket = MDC.get(TICKET);
        previousTask = MDC.get(TASK);
        previousRole = MDC.get(ROLE);
        set(TICKET, ticketId);
        set(TASK, taskId);
        set(ROLE, role);
    }

    /** Sets the ticket (and task, when not null) of this thread until {@link #close()}. */
    public static LogContext of(String ticketId, String taskId) {
        return new LogContext(ticketId, taskId, null);
    }

    /** The same for a caller acting in {@code role}; a process's own role ({@link Logs#identify}) takes precedence. */
    public static LogContext of(String ticketId, String taskId, String role) {
        return new LogContext(ticketId, taskId, role);
    }

    /** Sets the ticket of this thread until {@link #close()}; a task set before is cleared. */
    public static LogContext ticket(String ticketId) {
        return new LogContext(ticketId, null, null);
    }

    private static void set(String key, String value) {
        if (value == null || value.isEmpty()) {
            MDC.remove(key);
        } else {
            MDC.put(key, value.length() > 200 ? value.substring(0, 200) : value);
        }
    }

    @Override
    public void close() {
        set(TICKET, previousTicket);
        set(TASK, previousTask);
        set(ROLE, previousRole);
    }
}
