package dev.baton.agent.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptsTest {
    @Test
    void shouldFillEveryPlaceholderOnceEvenWhenAValueHoldsAPlaceholder() {
        String filled = Prompts.fill("Ticket {ticketId}: {title}\n{diff}\n{unknown}", Map.of("ticketId", "t-1",
                "title", "Fix {diff} and $1", "diff", "+ a {ticketId} line\n+ c:\\path"));
        assertThat(filled).isEqualTo("Ticket t-1: Fix {diff} and $1\n+ a {ticketId} line\n+ c:\\path\n{unknown}");
    }

    @Test
    void shouldNameAMissingPromptResource() {
        assertThatThrownBy(() -> Prompts.load(PromptsTest.class, "nope-v1.md")).hasMessageContaining("nope-v1.md");
    }
}
