package dev.baton.telemetry.log;

import dev.baton.telemetry.internal.LogSink;
import java.util.Collection;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What a service tells its log backend at startup: its name and role, which every line then carries, and the
 * secret values it holds, which no line will show. Thread-safe; both may be called again (the latest name wins,
 * secrets accumulate).
 */
public final class Logs {
    private Logs() {}

    /**
     * Names this process in every log line from now on, and logs an exception no thread caught as one ERROR line
     * (instead of the JVM's plain stack trace), unless a handler for those is set already.
     *
     * @param service e.g. {@code coordinator}, {@code vault-proxy}, {@code agent-engineer}
     * @param role    the agent's role ({@code pm}, {@code engineer}, {@code reviewer}), null for other services
     */
    public static void identify(String service, String role) {
        LogSink.get().identify(service, role);
        if (Thread.getDefaultUncaughtExceptionHandler() == null) {
            Thread.setDefaultUncaughtExceptionHandler((thread, e) -> LoggerFactory.getLogger(Logs.class)
                    .error("uncaught in thread {}: {}", thread.getName(), e.toString(), e));
        }
    }

    /**
     * Masks these values (those of 8 characters or more) wherever they would appear in a log line, in messages
     * and exceptions alike. Secret-shaped strings (task tokens, provider keys, bearer credentials, passwords in
     * URIs) are masked without being registered.
     */
    public static void mask(Collection<String> secrets) {
        LogSink.get().mask(secrets);
    }

    public static void mask(String... secrets) {
        mask(List.of(secrets));
    }

    /**
     * Logs as text rather than JSON unless {@code BATON_LOG_FORMAT} (or {@code baton.log.format}) chose: for a
     * command line tool, whose reader is a person at a terminal.
     */
    public static void preferText() {
        LogSink.get().preferText();
    }
}
