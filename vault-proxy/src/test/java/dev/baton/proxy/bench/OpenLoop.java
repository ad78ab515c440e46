package dev.baton.proxy.bench;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends requests on a fixed schedule (open loop: a slow answer does not delay the next send), alternating
 * direct and proxied, and measures each from its scheduled time, so queueing shows up in the numbers.
 */
final class OpenLoop {
    private final HttpClient http;
    private final int rate;
    private final Duration length;

    OpenLoop(HttpClient http, int rate, Duration length) {
        this.http = http;
        this.rate = rate;
        this.length = length;
    }

    record Result(List<Long> direct, List<Long> proxied, int failures) {
        void print(PrintStream out, int rate, int seconds) {
            long d50 = percentile(direct, 50);
            long d99 = percentile(direct, 99);
            long p50 = percentile(proxied, 50);
            long p99 = percentile(proxied, 99);
            out.printf("vault-proxy latency benchmark: %d req/s for %d s, %d direct + %d proxied calls, %d failed%n",
                    rate, seconds, direct.size(), proxied.size(), failures);
            out.printf("direct   p50 %8.3f ms   p99 %8.3f ms%n", d50 / 1e6, d99 / 1e6);
            out.printf("proxied  p50 %8.3f ms   p99 %8.3f ms%n", p50 / 1e6, p99 / 1e6);
            out.printf("added    p50 %8.3f ms   p99 %8.3f ms%n", (p50 - d50) / 1e6, (p99 - d99) / 1e6);
            out.printf("ratio    p50 %8.2fx     p99 %8.2fx%n", (double) p50 / d50, (double) p99 / d99);
        }
    }

    Result run(HttpRequest direct, HttpRequest proxied) throws InterruptedException {
        List<Long> directLatencies = Collections.synchronizedList(new ArrayList<>());
        List<Long> proxiedLatencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        long interval = 1_000_000_000L / rate;
        long total = length.toNanos() / interval;
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; i < total; i++) {
                long scheduled = start + i * interval;
                LockSupport.parkNanos(scheduled - System.nanoTime());
                boolean viaProxy = i % 2 == 1;
                HttpRequest request = viaProxy ? proxied : direct;
                List<Long> sink = viaProxy ? proxiedLatencies : directLatencies;
                pool.execute(() -> {
                    try {
                        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() == 200) {
                            sink.add(System.nanoTime() - scheduled);
                        } else {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
        return new Result(List.copyOf(directLatencies), List.copyOf(proxiedLatencies), failures.get());
    }

    static long percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return 1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
