package dev.baton.telemetry.internal;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** One named logger: its threshold is fixed when it is created, its events go to the {@link LogSink}. */
final class BatonLogger extends LegacyAbstractLogger {
    private final transient LogSink sink;
    private final int threshold;

    BatonLogger(String name, LogSink sink) {
        this.name = name;
        this.sink = sink;
        this.threshold = sink.settings().threshold(name);
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold;
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable throwable) {
        sink.write(level, name, MessageFormatter.basicArrayFormat(pattern, arguments), throwable);
    }
}
