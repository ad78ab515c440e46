package dev.baton.proxy.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {
    final Redactor redactor = new Redactor(List.of("hunter2-long-secret", "short"));

    @Test
    void shouldMaskKnownValuesButNotShortOnes() {
        assertThat(redactor.redact("pw=hunter2-long-secret, short")).isEqualTo("pw=[REDACTED], short");
    }

    @Test
    void shouldMaskSecretShapedStrings() {
        String text = "key sk-abcdefghijklmnopqrstuvwxyz012345 aws AKIAABCDEFGHIJKLMNOP gh ghp_"
                + "a".repeat(36) + " pem -----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----";
        String clean = redactor.redact(text);
        assertThat(clean).doesNotContain("sk-abc", "AKIA", "ghp_", "BEGIN OPENSSH").contains("key [REDACTED]");
    }

    @Test
    void shouldRedactEveryStringOfAJsonTree() throws Exception {
        JsonNode tree = Json.MAPPER.readTree("{\"messages\":[{\"content\":\"x hunter2-long-secret\"}],"
                + "\"tools\":[{\"function\":{\"description\":\"use sk-abcdefghijklmnopqrstuvwxyz0123\"}}],\"n\":1}");

        int changed = redactor.redactInPlace(tree);

        assertThat(changed).isEqualTo(2);
        assertThat(tree.toString()).doesNotContain("hunter2").doesNotContain("sk-abc").contains("\"n\":1");
    }

    @Test
    void shouldRedactWholeLinesEvenWhenASecretIsWrittenInPieces() {
        var sink = new ByteArrayOutputStream();
        var out = new PrintStream(new RedactingStream(sink, redactor), true, StandardCharsets.UTF_8);

        out.print("leak hunter2-");
        out.print("long-secret");
        out.println(" end");

        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("leak [REDACTED] end" + System.lineSeparator());
    }
}
