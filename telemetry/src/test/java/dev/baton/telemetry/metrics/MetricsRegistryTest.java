package dev.baton.telemetry.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MetricsRegistryTest {
    private final MetricsRegistry registry = new MetricsRegistry();

    @Test
    void shouldRenderEveryKindInTheTextFormat() {
        Counter calls = registry.counter("baton_test_calls_total", "Calls by role.", "role", "status");
        Gauge open = registry.gauge("baton_test_open", "Open things.");
        Histogram latency = registry.histogram("baton_test_seconds", "Latency.", new double[] {0.1, 1}, "role");
        AtomicInteger up = new AtomicInteger(1);
        registry.gauge("baton_test_up", "1 while up.", up::get);
        registry.gauges("baton_test_tickets", "Tickets by state.", "state", () -> Map.of("DONE", 2, "NEW", 0));

        calls.inc("pm", "200");
        calls.add(2, "engineer", "429");
        open.add(3);
        open.add(-1);
        latency.observe(0.05, "pm");
        latency.observe(0.5, "pm");
        latency.observe(7.25, "pm");

        assertThat(registry.render()).isEqualTo("""
                # HELP baton_test_calls_total Calls by role.
                # TYPE baton_test_calls_total counter
                baton_test_calls_total{role="engineer",status="429"} 2
                baton_test_calls_total{role="pm",status="200"} 1
                # HELP baton_test_open Open things.
                # TYPE baton_test_open gauge
                baton_test_open 2
                # HELP baton_test_seconds Latency.
                # TYPE baton_test_seconds histogram
                baton_test_seconds_bucket{role="pm",le="0.1"} 1
                baton_test_seconds_bucket{role="pm",le="1"} 2
                baton_test_seconds_bucket{role="pm",le="+Inf"} 3
                baton_test_seconds_sum{role="pm"} 7.8
                baton_test_seconds_count{role="pm"} 3
                # HELP baton_test_up 1 while up.
                # TYPE baton_test_up gauge
                baton_test_up 1
                # HELP baton_test_tickets Tickets by state.
                # TYPE baton_test_tickets gauge
                baton_test_tickets{state="DONE"} 2
                baton_test_tickets{state="NEW"} 0
                """);
    }

    @Test
    void shouldEscapeLabelValuesAndHelp() {
        registry.counter("baton_test_total", "Line one\nline \\two.", "path").inc("a\"b\\c\nd");

        assertThat(registry.render()).contains("# HELP baton_test_total Line one\\nline \\\\two.\n")
                .contains("baton_test_total{path=\"a\\\"b\\\\c\\nd\"} 1\n");
    }

    @Test
    void shouldRefuseWhatPrometheusCannotRead() {
        assertThatThrownBy(() -> registry.counter("baton-test", "x")).hasMessageContaining("baton-test");
        assertThatThrownBy(() -> registry.counter("baton_test", "x", "le")).hasMessageContaining("'le'");
        registry.counter("baton_test", "x", "role");
        assertThatThrownBy(() -> registry.gauge("baton_test", "again")).hasMessageContaining("registered already");
        Counter counter = registry.counter("baton_other", "x", "role");
        assertThatThrownBy(() -> counter.inc()).hasMessageContaining("takes 1 label value(s) [role], not 0");
        assertThatThrownBy(() -> counter.add(-1, "pm")).hasMessageContaining("cannot grow by -1");
        assertThatThrownBy(() -> registry.histogram("baton_h", "x", new double[] {1, 1})).hasMessageContaining("increase");
    }

    @Test
    void shouldCountConcurrentUpdatesExactly() throws InterruptedException {
        Counter counter = registry.counter("baton_test_total", "x", "role");
        Histogram histogram = registry.histogram("baton_test_seconds", "x", Histogram.SECONDS);
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 10_000; i++) {
                    counter.inc("pm");
                    histogram.observe(0.002);
                }
            });
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(counter.value("pm")).isEqualTo(80_000);
        assertThat(histogram.count()).isEqualTo(80_000);
        assertThat(registry.render()).contains("baton_test_seconds_bucket{le=\"0.005\"} 80000\n");
    }
}
