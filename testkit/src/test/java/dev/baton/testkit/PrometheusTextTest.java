package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.telemetry.metrics.Histogram;
import dev.baton.telemetry.metrics.MetricsRegistry;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    @Test
    void shouldReadWhatTheMetricsRegistryWrites() {
        var registry = new MetricsRegistry();
        registry.counter("baton_x_total", "Calls.", "role", "path").inc("pm", "a \"quoted\"\\path\nline");
        registry.histogram("baton_x_seconds", "Latency.", Histogram.SECONDS, "role").observe(0.3, "pm");
        registry.gauge("baton_x_up", "Up.", () -> 1);

        PrometheusText text = PrometheusText.parse(registry.render());

        assertThat(text.types()).containsExactly(Map.entry("baton_x_total", "counter"),
                Map.entry("baton_x_seconds", "histogram"), Map.entry("baton_x_up", "gauge"));
        assertThat(text.samples("baton_x_total")).singleElement().satisfies(s -> assertThat(s.labels())
                .containsEntry("path", "a \"quoted\"\\path\nline"));
        assertThat(text.value("baton_x_seconds_bucket", Map.of("le", "0.25"))).isZero();
        assertThat(text.value("baton_x_seconds_bucket", Map.of("le", "0.5"))).isEqualTo(1);
        assertThat(text.value("baton_x_seconds_count", Map.of("role", "pm"))).isEqualTo(1);
        assertThat(text.value("baton_x_up")).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no value              | a_total{x=\"1\"}                                          | name{labels} value",
            "a bad value           | a_total 12abc                                             | no number value",
            "an unquoted label     | a_total{x=1} 1                                            | label=\"value\" pairs",
            "a series twice        | a_total 1\\na_total 2                                      | no series twice",
            "an unknown type       | # TYPE a_total countr                                     | a known type",
            "a negative counter    | # TYPE a_total counter\\na_total -1                         | a counter not below 0",
            "a family split        | a 1\\nb 1\\na{x=\"2\"} 1                                      | samples of a family together",
            "a late TYPE           | a 1\\nb 1\\n# TYPE a gauge                                   | its TYPE before its samples",
            "buckets going down    | # TYPE h histogram\\nh_bucket{le=\"1\"} 2\\nh_bucket{le=\"+Inf\"} 1\\nh_count 1 | not cumulative",
            "no +Inf bucket        | # TYPE h histogram\\nh_bucket{le=\"1\"} 1\\nh_count 1        | +Inf"})
    void shouldRefuseWhatBreaksTheFormat(String what, String text, String message) {
        assertThatThrownBy(() -> PrometheusText.parse(text.replace("\\n", "\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
