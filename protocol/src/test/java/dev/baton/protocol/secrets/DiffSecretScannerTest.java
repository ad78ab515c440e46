package dev.baton.protocol.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the secret scan of a diff's added lines")
class DiffSecretScannerTest {
    private static final String AWS = "AKIAABCDEFGHIJKLMNOP";

    @Test
    void shouldLocateSecretsByFileAndLine() {
        var scanner = new DiffSecretScanner(List.of("configured-secret-value"));
        String diff = """
                diff --git a/app.env b/app.env
                --- /dev/null
                +++ b/app.env
                @@ -0,0 +1,3 @@
                +NAME=app
                +TOKEN=configured-secret-value
                +AWS=%s
                """.formatted(AWS);

        assertThat(scanner.scan(diff)).extracting(DiffSecretScanner.Finding::toString).containsExactly(
                "app.env:2 (configured secret value)", "app.env:3 (AWS access key id)");
    }

    @Test
    void shouldFindAPrivateKeySpreadOverAddedLinesAtItsFirstLine() {
        String diff = """
                --- a/deploy/key.pem
                +++ b/deploy/key.pem
                @@ -3,0 +4,4 @@
                +-----BEGIN OPENSSH PRIVATE KEY-----
                +b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
                +QyNTUxOQAAACBkZXZlbG9wZXIga2V5IGZvciB0ZXN0cyBvbmx5AAAAAAAAAAAAAAAAAAAA
                +-----END OPENSSH PRIVATE KEY-----
                """;

        assertThat(DiffSecretScanner.shapesOnly().scan(diff)).extracting(DiffSecretScanner.Finding::toString)
                .containsExactly("deploy/key.pem:4 (private key header)");
    }

    @Test
    void shouldIgnoreRemovedAndContextLinesAndCleanAdditions() {
        String diff = """
                --- a/app.env
                +++ b/app.env
                @@ -1 +1 @@
                -AWS=%s
                +AWS=${AWS_ACCESS_KEY_ID}
                """.formatted(AWS);

        assertThat(DiffSecretScanner.shapesOnly().scan(diff)).isEmpty();
    }

    @Test
    void shouldNeverEchoTheSecretEvenWhenTheFileIsNamedAfterIt() {
        String diff = "--- /dev/null\n+++ b/" + AWS + ".txt\n@@ -0,0 +1 @@\n+" + AWS + "\n";

        var findings = DiffSecretScanner.shapesOnly().scan(diff);

        assertThat(findings).extracting(DiffSecretScanner.Finding::toString)
                .containsExactly("[REDACTED].txt:1 (AWS access key id)");
    }
}
