package dev.baton.engineer.sandbox.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.agent.tools.ToolException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchToolTest {
    @TempDir
    Path root;
    @TempDir
    Path outside;

    @BeforeEach
    void files() throws Exception {
        Files.createDirectories(root.resolve("src"));
        Files.createDirectories(root.resolve(".git"));
        Files.writeString(root.resolve("src/calc.py"), "def add(a, b):\n    return a - b\n");
        Files.writeString(root.resolve(".git/config"), "return a - b\n");
        Files.writeString(outside.resolve("secret.py"), "return a - b\n");
        Files.createSymbolicLink(root.resolve("link"), outside);
        Files.write(root.resolve("blob.bin"), new byte[] {'r', 'e', 't', 0, 'a'});
    }

    @Test
    @DisplayName("finds a literal with path and line, never in .git, binaries or through symlinks")
    void shouldFindLiteralWhenPresent() throws ToolException {
        assertThat(SearchTool.search(root, "a - b", false, "")).isEqualTo("src/calc.py:2: return a - b");
    }

    @Test
    @DisplayName("finds a regular expression")
    void shouldFindRegexWhenAsked() throws ToolException {
        assertThat(SearchTool.search(root, "def \\w+\\(", true, "src")).isEqualTo("src/calc.py:1: def add(a, b):");
    }

    @Test
    @DisplayName("a catastrophic regular expression runs out of its time budget instead of hanging")
    void shouldStopWhenRegexIsPathological() throws Exception {
        Files.writeString(root.resolve("src/long.txt"), "a".repeat(40) + "!\n");

        assertThatThrownBy(() -> SearchTool.search(root, "(.*a){20}b", true, "", 200_000_000L))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("time budget");
    }
}
