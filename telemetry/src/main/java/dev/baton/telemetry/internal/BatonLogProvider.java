package dev.baton.telemetry.internal;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Baton's SLF4J backend, found by SLF4J through {@code META-INF/services}: one line per event on standard error,
 * JSON by default (see {@link LogSettings}), secrets masked ({@link SecretMask}). Thread-safe.
 */
public final class BatonLogProvider implements SLF4JServiceProvider {
    private ILoggerFactory loggers;
    private final IMarkerFactory markers = new BasicMarkerFactory();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return LogSink.get().mdc();
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        LogSink sink = LogSink.get();
        var cache = new java.util.concurrent.ConcurrentHashMap<String, BatonLogger>();
        loggers = name -> cache.computeIfAbsent(name, n -> new BatonLogger(n, sink));
    }
}
