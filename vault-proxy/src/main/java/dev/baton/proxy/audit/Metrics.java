package dev.baton.proxy.audit;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The proxy's Prometheus metrics, rendered as text exposition format on {@code /metrics}:
 * {@code baton_proxy_requests_total{role,status}}, {@code baton_proxy_request_duration_seconds} (histogram
 * by role), {@code baton_proxy_spend_usd_total{role}}, {@code baton_proxy_rejections_total{reason}}.
 * Thread-safe and lock-free on the recording side.
 */
public final class Metrics {
    private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rejections = new ConcurrentHashMap<>();
    private final Map<String, DoubleAdder> spend = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latency = new ConcurrentHashMap<>();

    /** One call that reached an upstream (or failed trying). */
    public void call(String role, int status, long latencyNanos, BigDecimal costUsd) {
        requests.computeIfAbsent("role=\"" + role + "\",status=\"" + status + "\"", k -> new LongAdder()).increment();
        latency.computeIfAbsent(role, k -> new Histogram()).observe(latencyNanos / 1e9);
        spend.computeIfAbsent(role, k -> new DoubleAdder()).add(costUsd.doubleValue());
    }

    /** A request refused before it reached an upstream, by error code. */
    public void rejected(String reason) {
        rejections.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("# HELP baton_proxy_requests_total Model calls by role and HTTP status.\n")
                .append("# TYPE baton_proxy_requests_total counter\n");
        new TreeMap<>(requests).forEach((labels, n) ->
                out.append("baton_proxy_requests_total{").append(labels).append("} ").append(n.sum()).append('\n'));
        out.append("# HELP baton_proxy_rejections_total Requests refused before reaching a model, by reason.\n")
                .append("# TYPE baton_proxy_rejections_total counter\n");
        new TreeMap<>(rejections).forEach((reason, n) -> out.append("baton_proxy_rejections_total{reason=\"")
                .append(reason).append("\"} ").append(n.sum()).append('\n'));
        out.append("# HELP baton_proxy_spend_usd_total Settled model spend by role, USD.\n")
                .append("# TYPE baton_proxy_spend_usd_total counter\n");
        new TreeMap<>(spend).forEach((role, usd) -> out.append("baton_proxy_spend_usd_total{role=\"").append(role)
                .append("\"} ").append(usd.sum()).append('\n'));
        out.append("# HELP baton_proxy_request_duration_seconds Model call latency through the proxy.\n")
                .append("# TYPE baton_proxy_request_duration_seconds histogram\n");
        new TreeMap<>(latency).forEach((role, histogram) -> histogram.render(out, role));
        return out.toString();
    }

    private static final class Histogram {
        private final LongAdder[] counts = new LongAdder[BUCKETS.length];
        private final LongAdder count = new LongAdder();
        private final DoubleAdder sum = new DoubleAdder();

        Histogram() {
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void observe(double seconds) {
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    counts[i].increment();
                }
            }
            count.increment();
            sum.add(seconds);
        }

        void render(StringBuilder out, String role) {
            String name = "baton_proxy_request_duration_seconds";
            for (int i = 0; i < BUCKETS.length; i++) {
                out.append(name).append("_bucket{role=\"").append(role).append("\",le=\"").append(BUCKETS[i])
                        .append("\"} ").append(counts[i].sum()).append('\n');
            }
            out.append(name).append("_bucket{role=\"").append(role).append("\",le=\"+Inf\"} ").append(count.sum())
                    .append('\n');
            out.append(name).append("_sum{role=\"").append(role).append("\"} ").append(sum.sum()).append('\n');
            out.append(name).append("_count{role=\"").append(role).append("\"} ").append(count.sum()).append('\n');
        }
    }
}
