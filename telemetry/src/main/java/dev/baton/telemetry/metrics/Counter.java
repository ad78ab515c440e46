package dev.baton.telemetry.metrics;

import java.util.concurrent.atomic.DoubleAdder;

/** A monotonic count, per combination of label values. Thread-safe and lock-free. */
public final class Counter extends Family<DoubleAdder> {
    Counter(String name, String help, String[] labels) {
        super(name, help, "counter", labels, k -> new DoubleAdder());
    }

    public void inc(String... labelValues) {
        cell(labelValues).add(1);
    }

    /** @throws IllegalArgumentException if {@code amount} is negative (a counter never goes down) */
    public void add(double amount, String... labelValues) {
        if (amount < 0 || Double.isNaN(amount)) {
            throw new IllegalArgumentException(name + " cannot grow by " + amount);
        }
        cell(labelValues).add(amount);
    }

    public double value(String... labelValues) {
        return cell(labelValues).sum();
    }

    @Override
    void samples(TextFormat out) {
        cells().forEach((values, cell) -> out.sample(name, labels, values, cell.sum()));
    }
}
