package dev.baton.telemetry.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** Observations counted into fixed buckets, with their sum, per combination of label values. Thread-safe. */
public final class Histogram extends Family<Histogram.Cell> {
    /** Bounds for latencies in seconds, 5 ms to 2 minutes. */
    public static final double[] SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};

    private final double[] bounds;

    Histogram(String name, String help, double[] bounds, String[] labels) {
        super(name, help, "histogram", labels, k -> new Cell(bounds.length));
        this.bounds = bounds.clone();
        for (int i = 1; i < bounds.length; i++) {
            if (!(bounds[i] > bounds[i - 1])) {
                throw new IllegalArgumentException(name + ": bucket bounds must increase: " + Arrays.toString(bounds));
            }
        }
    }

    public void observe(double value, String... labelValues) {
        Cell cell = cell(labelValues);
        int i = 0;
        while (i < bounds.length && value > bounds[i]) {
            i++;
        }
        cell.counts[i].increment();
        cell.sum.add(value);
    }

    /** How many observations were made with these label values. */
    public long count(String... labelValues) {
        return Arrays.stream(cell(labelValues).counts).mapToLong(LongAdder::sum).sum();
    }

    @Override
    void samples(TextFormat out) {
        List<String> withLe = new ArrayList<>(labels);
        withLe.add("le");
        cells().forEach((values, cell) -> {
            long cumulative = 0;
            List<String> bucket = new ArrayList<>(values);
            bucket.add("");
            for (int i = 0; i <= bounds.length; i++) {
                cumulative += cell.counts[i].sum();
                bucket.set(values.size(), i < bounds.length ? TextFormat.number(bounds[i]) : "+Inf");
                out.sample(name + "_bucket", withLe, bucket, cumulative);
            }
            out.sample(name + "_sum", labels, values, cell.sum.sum());
            out.sample(name + "_count", labels, values, cumulative);
        });
    }

    static final class Cell {
        final LongAdder[] counts;
        final DoubleAdder sum = new DoubleAdder();

        Cell(int bounds) {
            counts = new LongAdder[bounds + 1];
            Arrays.setAll(counts, i -> new LongAdder());
        }
    }
}
