package dev.baton.telemetry.internal;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.event.Level;

/**
 * Where every log event of the process goes: one line on standard error (looked up at each write, so a stream
 * installed later, such as the vault proxy's redacting one, still sees every line). The line is JSON
 * ({@code timestamp, level, logger, thread, message, service, role, ticketId, taskId, exception} and any other MDC
 * key) or text, with secrets masked in the message and the exception. Thread-safe; one per process.
 */
public final class LogSink {
    private static final int MAX_TEXT = 32 * 1024;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final java.util.Set<String> RESERVED = java.util.Set.of("timestamp", "level", "logger", "thread",
            "message", "service", "role", "exception");
    private static final LogSink INSTANCE = new LogSink(LogSettings.load(System.getenv(), System.getProperties(),
            problem -> System.err.println("baton log settings: " + problem)));

    private final LogSettings settings;
    private final ThreadMdc mdc = new ThreadMdc();
    private final SecretMask mask = new SecretMask();
    private volatile String service = System.getenv().getOrDefault("BATON_SERVICE", "baton");
    private volatile String role;
    private volatile boolean json;

    LogSink(LogSettings settings) {
        this.settings = settings;
        this.json = settings.json();
    }

    /** Text unless a format was chosen explicitly: for a command line tool, whose reader is a person. */
    public void preferText() {
        if (!settings.formatChosen()) {
            json = false;
        }
    }

    public static LogSink get() {
        return INSTANCE;
    }

    LogSettings settings() {
        return settings;
    }

    ThreadMdc mdc() {
        return mdc;
    }

    public void identify(String service, String role) {
        this.service = service;
        this.role = role;
    }

    public void mask(Collection<String> secrets) {
        mask.add(secrets);
    }

    void write(Level level, String logger, String message, Throwable throwable) {
        String line = line(Instant.now(), level, logger, Thread.currentThread().getName(), message, throwable);
        PrintStream err = System.err;
        err.print(line);
        err.flush();
    }

    String line(Instant at, Level level, String logger, String thread, String message, Throwable throwable) {
        String text = cap(mask.apply(message));
        String exception = throwable == null ? null : cap(mask.apply(stackTrace(throwable)));
        Map<String, String> context = new TreeMap<>(mdc.view());
        context.values().removeIf(v -> v == null || v.isEmpty());
        return json
                ? json(at, level, logger, thread, text, context, exception)
                : text(at, level, logger, thread, text, context, exception);
    }

    private String json(Instant at, Level level, String logger, String thread, String message,
            Map<String, String> context, String exception) {
        var out = new JsonLine();
        out.field("timestamp", TIME.format(at)).field("level", level.name()).field("logger", logger)
                .field("thread", thread).field("message", message).field("service", service);
        String who = role != null ? role : context.get("role");
        if (who != null) {
            out.field("role", who);
        }
        context.forEach((key, value) -> {
            if (!RESERVED.contains(key)) {
                out.field(key, cap(value));
            }
        });
        if (exception != null) {
            out.field("exception", exception);
        }
        return out.end();
    }

    private static String text(Instant at, Level level, String logger, String thread, String message,
            Map<String, String> context, String exception) {
        var out = new StringBuilder(96 + message.length()).append(TIME.format(at)).append(' ')
                .append(String.format("%-5s", level.name())).append(" [").append(thread).append("] ")
                .append(logger.substring(logger.lastIndexOf('.') + 1)).append(" - ").append(message);
        context.forEach((key, value) -> out.append(' ').append(key).append('=').append(value));
        out.append(System.lineSeparator());
        if (exception != null) {
            out.append(exception);
        }
        return out.toString();
    }

    private static String stackTrace(Throwable throwable) {
        StringWriter out = new StringWriter();
        throwable.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static String cap(String text) {
        return text.length() <= MAX_TEXT ? text
                : text.substring(0, MAX_TEXT) + "… (" + (text.length() - MAX_TEXT) + " more characters)";
    }
}
