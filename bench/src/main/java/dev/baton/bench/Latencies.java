package dev.baton.bench;

import java.util.Arrays;
import java.util.Locale;

/** Latency samples in nanoseconds, with nearest-rank percentiles. Not thread-safe. */
final class Latencies {
    private long[] samples = new long[1024];
    private int size;

    void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    void addAll(Latencies other) {
        for (int i = 0; i < other.size; i++) {
            add(other.samples[i]);
        }
    }

    int count() {
        return size;
    }

    /** The {@code q} quantile (0 < q ≤ 1) in milliseconds, NaN when empty. */
    double ms(double q) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * size);
        return sorted[Math.max(0, Math.min(size, rank) - 1)] / 1e6;
    }

    double p50() {
        return ms(0.50);
    }

    double p99() {
        return ms(0.99);
    }

    String summary() {
        return String.format(Locale.ROOT, "p50 %7.2f  p90 %7.2f  p99 %7.2f  max %7.2f ms  (n=%d)", p50(), ms(0.9),
                p99(), ms(1.0), size);
    }
}
