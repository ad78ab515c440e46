package dev.baton.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the figures were taken on, read from the JVM and {@code /proc}. */
final class Machine {
    private Machine() {}

    static String describe() {
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel() + "), " + memory() + " RAM, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java "
                + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")";
    }

    /** The 1, 5 and 15 minute load averages: other work on the machine skews every figure. */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        return procLine("/proc/cpuinfo", "model name").orElse("unknown CPU");
    }

    private static String memory() {
        return procLine("/proc/meminfo", "MemTotal")
                .map(v -> String.format(java.util.Locale.ROOT, "%.1f GiB",
                        Long.parseLong(v.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
                .orElse("unknown");
    }

    private static java.util.Optional<String> procLine(String file, String key) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.stream().filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim());
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
