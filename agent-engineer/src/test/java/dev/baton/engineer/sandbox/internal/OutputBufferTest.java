package dev.baton.engineer.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OutputBufferTest {

    @Test
    @DisplayName("output under the cap is kept whole")
    void shouldKeepEverythingWhenUnderCap() {
        var buffer = new OutputBuffer(30);
        buffer.write("hello\nworld\n");

        assertThat(buffer.text()).isEqualTo("hello\nworld\n");
        assertThat(buffer.truncated()).isFalse();
    }

    @Test
    @DisplayName("output over the cap keeps head and tail and marks the cut")
    void shouldKeepHeadAndTailWhenOverCap() {
        var buffer = new OutputBuffer(30);
        for (int i = 0; i < 1000; i++) {
            buffer.write("line " + i + "\n");
        }

        assertThat(buffer.truncated()).isTrue();
        assertThat(buffer.text()).startsWith("line 0\nlin").endsWith("\nline 998\nline 999\n")
                .contains("…[baton: " + (buffer.totalBytes() - 30) + " bytes of output cut]…");
    }

    @Test
    @DisplayName("output of exactly the cap is not marked as cut")
    void shouldNotMarkCutWhenExactlyCap() {
        var buffer = new OutputBuffer(9);
        buffer.write("abcdefghi");

        assertThat(buffer.truncated()).isFalse();
        assertThat(buffer.text()).isEqualTo("abcdefghi");
    }
}
