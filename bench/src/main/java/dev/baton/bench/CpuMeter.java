package dev.baton.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time spent by this JVM (coordinator and agents; the driver thread calling {@link #start()} and
 * {@link #perUnit} apart), the Kafka broker and Redis (its child processes) between those two calls. Unlike wall-clock figures, CPU per ticket barely
 * moves when other work shares the machine, so it gives the capacity this machine has for Baton: cores /
 * CPU per ticket.
 */
final class CpuMeter {
    private final Map<String, Long> startNanos;

    private CpuMeter(Map<String, Long> startNanos) {
        this.startNanos = startNanos;
    }

    static CpuMeter start() {
        return new CpuMeter(sample());
    }

    /** CPU milliseconds per unit of work since {@link #start()}, by process, in a stable order. */
    Map<String, Double> perUnit(int units) {
        var now = sample();
        var result = new LinkedHashMap<String, Double>();
        for (var e : now.entrySet()) {
            long before = startNanos.getOrDefault(e.getKey(), 0L);
            result.put(e.getKey(), (e.getValue() - before) / 1e6 / units);
        }
        return result;
    }

    private static Map<String, Long> sample() {
        var cpu = new LinkedHashMap<String, Long>();
        long process = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getProcessCpuTime();
        long driver = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        cpu.put("coordinator+agents JVM", process - driver);
        cpu.put("kafka broker", 0L);
        cpu.put("redis", 0L);
        cpu.put("bench driver", driver);
        ProcessHandle.current().descendants().forEach(p -> {
            // Debian's redis-server is a link to redis-check-rdb, which is what /proc/<pid>/exe names.
            String exe = p.info().command().orElse("");
            String name = p.info().commandLine().orElse("").contains("kafka.Kafka") ? "kafka broker"
                    : exe.contains("redis-") ? "redis" : null;
            if (name != null) {
                long nanos = p.info().totalCpuDuration().orElse(Duration.ZERO).toNanos();
                cpu.merge(name, nanos, Long::sum);
            }
        });
        return cpu;
    }
}
