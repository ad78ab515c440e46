package dev.baton.telemetry.metrics;

import java.util.concurrent.atomic.AtomicLong;

/** A value that goes up and down, per combination of label values. Thread-safe. */
public final class Gauge extends Family<AtomicLong> {
    Gauge(String name, String help, String[] labels) {
        super(name, help, "gauge", labels, k -> new AtomicLong(Double.doubleToLongBits(0)));
    }

    public void set(double value, String... labelValues) {
        cell(labelValues).set(Double.doubleToLongBits(value));
    }

    public void add(double delta, String... labelValues) {
        cell(labelValues).accumulateAndGet(0, (bits, ignored) ->
                Double.doubleToLongBits(Double.longBitsToDouble(bits) + delta));
    }

    public double value(String... labelValues) {
        return Double.longBitsToDouble(cell(labelValues).get());
    }

    @Override
    void samples(TextFormat out) {
        cells().forEach((values, cell) -> out.sample(name, labels, values, Double.longBitsToDouble(cell.get())));
    }
}
