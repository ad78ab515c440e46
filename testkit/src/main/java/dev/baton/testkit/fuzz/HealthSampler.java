package dev.baton.testkit.fuzz;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Samples a service's health every 50 ms on a virtual thread until closed, counting the samples in which it was
 * unhealthy. Thread-safe.
 */
public final class HealthSampler implements AutoCloseable {
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong unhealthy = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    public HealthSampler(BooleanSupplier healthy) {
        thread = Thread.ofVirtual().name("health-sampler").start(() -> {
            while (running) {
                samples.incrementAndGet();
                if (!healthy.getAsBoolean()) {
                    unhealthy.incrementAndGet();
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    public long samples() {
        return samples.get();
    }

    public long unhealthy() {
        return unhealthy.get();
    }

    /** Stops sampling and waits for the last sample. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
