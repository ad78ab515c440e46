package dev.baton.telemetry.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * A service's Prometheus metrics, served on {@code /metrics} as {@link #render()} with {@link #CONTENT_TYPE}.
 * Families are registered once (a second registration of a name fails) and updated from any thread; rendering
 * reads them without stopping writers, so a scrape may see one family a moment later than another. One
 * registry per service instance, so several services in one JVM (as in tests) do not mix their figures.
 */
public final class MetricsRegistry {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Map<String, Family<?>> families = new LinkedHashMap<>();

    public Counter counter(String name, String help, String... labels) {
        return register(new Counter(name, help, labels));
    }

    public Gauge gauge(String name, String help, String... labels) {
        return register(new Gauge(name, help, labels));
    }

    /** @param bounds the upper bounds of the buckets, increasing ({@code +Inf} is added) */
    public Histogram histogram(String name, String help, double[] bounds, String... labels) {
        return register(new Histogram(name, help, bounds, labels));
    }

    /** A gauge read at each scrape; {@code value} must be fast, thread-safe and must not block. */
    public void gauge(String name, String help, DoubleSupplier value) {
        register(new Callback(name, help, "gauge", null, () -> Map.of("", value.getAsDouble())));
    }

    /** A counter kept elsewhere and read at each scrape; {@code value} must never decrease, be fast and not block. */
    public void counter(String name, String help, DoubleSupplier value) {
        register(new Callback(name, help, "counter", null, () -> Map.of("", value.getAsDouble())));
    }

    /** A gauge with one label whose values and numbers are read at each scrape, e.g. tickets by state. */
    public void gauges(String name, String help, String label, Supplier<Map<String, ? extends Number>> values) {
        register(new Callback(name, help, "gauge", label, values));
    }

    private synchronized <F extends Family<?>> F register(F family) {
        if (families.putIfAbsent(family.name, family) != null) {
            throw new IllegalArgumentException("metric " + family.name + " is registered already");
        }
        return family;
    }

    /** Every family in registration order, in the Prometheus text format. */
    public String render() {
        List<Family<?>> all;
        synchronized (this) {
            all = new ArrayList<>(families.values());
        }
        TextFormat out = new TextFormat();
        for (Family<?> family : all) {
            out.family(family);
            family.samples(out);
        }
        return out.toString();
    }
}
