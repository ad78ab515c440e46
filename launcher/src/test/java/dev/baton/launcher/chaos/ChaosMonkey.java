package dev.baton.launcher.chaos;

import dev.baton.launcher.chaos.ChaosService.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Kills (SIGKILL) and restarts randomly chosen services at random moments. The schedule — which service, how
 * long to wait before the kill, how long it stays down — comes from a seeded {@link Random}, so a seed names a
 * schedule; the interleaving with the tickets' progress is up to the machine. Every kind is killed at least once:
 * the first kills are one of each kind in a random order, the rest are drawn at random.
 */
final class ChaosMonkey {
    private final ChaosPlatform platform;
    private final Random random;
    private final Duration minGap;
    private final Duration maxGap;
    private final Duration maxDowntime;
    private final Map<Kind, Integer> kills = new EnumMap<>(Kind.class);
    private final List<String> log = new ArrayList<>();

    ChaosMonkey(ChaosPlatform platform, long seed, Duration minGap, Duration maxGap, Duration maxDowntime) {
        this.platform = platform;
        this.random = new Random(seed);
        this.minGap = minGap;
        this.maxGap = maxGap;
        this.maxDowntime = maxDowntime;
        for (Kind kind : Kind.values()) {
            kills.put(kind, 0);
        }
    }

    /** Runs {@code count} kill-and-restart cycles; returns when the last service is back. */
    void run(int count) throws Exception {
        List<Kind> schedule = new ArrayList<>(Arrays.asList(Kind.values()));
        Collections.shuffle(schedule, random);
        while (schedule.size() < count) {
            schedule.add(Kind.values()[random.nextInt(Kind.values().length)]);
        }
        Instant start = Instant.now();
        for (Kind kind : schedule.subList(0, count)) {
            Thread.sleep(between(minGap, maxGap));
            ChaosService service = platform.service(kind);
            long pid = service.pid();
            service.kill();
            long down = between(Duration.ZERO, maxDowntime);
            Thread.sleep(down);
            service.start(ChaosPlatform.START_TIMEOUT);
            kills.merge(kind, 1, Integer::sum);
            String line = String.format("t+%5.1fs  SIGKILL %-15s pid %-7d down %4d ms, restarted as pid %d",
                    Duration.between(start, Instant.now()).toMillis() / 1000.0, kind.id, pid, down, service.pid());
            log.add(line);
            System.out.println("[chaos] " + line);
        }
    }

    /**
     * SIGTERMs every kind once, in a seeded order, each after a random gap, and starts it again. Returns what each
     * stop did, by kind.
     */
    Map<Kind, ChaosService.Stop> terminateEach(Duration timeout) throws Exception {
        List<Kind> order = new ArrayList<>(Arrays.asList(Kind.values()));
        Collections.shuffle(order, random);
        Map<Kind, ChaosService.Stop> stops = new EnumMap<>(Kind.class);
        Instant start = Instant.now();
        for (Kind kind : order) {
            Thread.sleep(between(minGap, maxGap));
            ChaosService service = platform.service(kind);
            long pid = service.pid();
            ChaosService.Stop stop = service.terminate(timeout);
            stops.put(kind, stop);
            service.start(ChaosPlatform.START_TIMEOUT);
            String line = String.format("t+%5.1fs  SIGTERM %-15s pid %-7d exited %d after %d ms%s, restarted as pid %d",
                    Duration.between(start, Instant.now()).toMillis() / 1000.0, kind.id, pid, stop.exitCode(),
                    stop.millis(), stop.loggedCleanStop() ? " (clean stop logged)" : " (NO clean stop logged)",
                    service.pid());
            log.add(line);
            System.out.println("[chaos] " + line);
        }
        return stops;
    }

    private long between(Duration min, Duration max) {
        return min.toMillis() + (long) (random.nextDouble() * (max.toMillis() - min.toMillis()));
    }

    Map<Kind, Integer> kills() {
        return Map.copyOf(kills);
    }

    List<String> log() {
        return List.copyOf(log);
    }
}
