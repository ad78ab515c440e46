package dev.baton.telemetry.metrics;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** A gauge or counter whose values are read when metrics are rendered, keyed by the values of one label (or none). */
final class Callback extends Family<Object> {
    private final Supplier<Map<String, ? extends Number>> values;

    Callback(String name, String help, String type, String label, Supplier<Map<String, ? extends Number>> values) {
        super(name, help, type, label == null ? new String[0] : new String[] {label}, k -> k);
        this.values = values;
    }

    @Override
    void samples(TextFormat out) {
        new TreeMap<>(values.get()).forEach((value, number) ->
                out.sample(name, labels, labels.isEmpty() ? List.of() : List.of(value), number.doubleValue()));
    }
}
