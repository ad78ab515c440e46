package dev.baton.proxy.audit;

import dev.baton.telemetry.metrics.Counter;
import dev.baton.telemetry.metrics.Histogram;
import dev.baton.telemetry.metrics.MetricsRegistry;
import java.math.BigDecimal;

/**
 * The proxy's Prometheus metrics on {@code /metrics}: {@code baton_proxy_requests_total{role,status}} (model
 * calls), {@code baton_proxy_tokens_total{role,kind}} (prompt and completion tokens the upstream reported),
 * {@code baton_proxy_spend_usd_total{role}}, {@code baton_proxy_request_duration_seconds} (histogram by role) and
 * {@code baton_proxy_rejections_total{reason}}. Thread-safe and lock-free on the recording side.
 */
public final class Metrics {
    private final MetricsRegistry registry = new MetricsRegistry();
    private final Counter requests = registry.counter("baton_proxy_requests_total",
            "Model calls by role and HTTP status.", "role", "status");
    private final Counter tokens = registry.counter("baton_proxy_tokens_total",
            "Tokens of model calls as the upstream reported them, by role and kind (prompt, completion).", "role",
            "kind");
    private final Counter rejections = registry.counter("baton_proxy_rejections_total",
            "Requests refused before reaching a model, by reason.", "reason");
    private final Counter spend = registry.counter("baton_proxy_spend_usd_total", "Settled model spend by role, USD.",
            "role");
    private final Histogram latency = registry.histogram("baton_proxy_request_duration_seconds",
            "Model call latency through the proxy.", Histogram.SECONDS, "role");

    /** One call that reached an upstream (or failed trying). */
    public void call(String role, int status, long latencyNanos, BigDecimal costUsd, long promptTokens,
            long completionTokens) {
        requests.inc(role, Integer.toString(status));
        latency.observe(latencyNanos / 1e9, role);
        spend.add(costUsd.doubleValue(), role);
        tokens.add(Math.max(0, promptTokens), role, "prompt");
        tokens.add(Math.max(0, completionTokens), role, "completion");
    }

    /** A request refused before it reached an upstream, by error code. */
    public void rejected(String reason) {
        rejections.inc(reason);
    }

    public String render() {
        return registry.render();
    }
}
