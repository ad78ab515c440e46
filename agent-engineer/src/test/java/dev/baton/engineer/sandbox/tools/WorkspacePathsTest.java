package dev.baton.engineer.sandbox.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.agent.tools.ToolException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspacePathsTest {
    @TempDir
    Path outside;
    @TempDir
    Path root;

    @BeforeEach
    void layout() throws Exception {
        Files.createDirectories(root.resolve("src"));
        Files.writeString(root.resolve("src/a.py"), "x");
        Files.createSymbolicLink(root.resolve("out"), outside);
        Files.createSymbolicLink(root.resolve("pw"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(root.resolve("dangling"), root.resolve("nowhere"));
        Files.createSymbolicLink(root.resolve("inside"), root.resolve("src"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "src/../../x", "/etc/passwd", ".git/config", "sub/.git/config", ".GIT/hooks",
            "out/file", "pw", "dangling", "", "."})
    @DisplayName("escapes and git metadata are refused")
    void shouldRefuseWhenPathEscapes(String path) {
        assertThatThrownBy(() -> WorkspacePaths.resolve(root, path, false)).isInstanceOf(ToolException.class);
    }

    @Test
    @DisplayName("plain paths and symlinks that stay inside resolve")
    void shouldResolveWhenInside() throws ToolException {
        assertThat(WorkspacePaths.resolve(root, "src/a.py", false)).isEqualTo(root.resolve("src/a.py"));
        assertThat(WorkspacePaths.resolve(root, "src/new/b.py", true)).isEqualTo(root.resolve("src/new/b.py"));
        assertThat(WorkspacePaths.resolve(root, "inside/a.py", false)).isEqualTo(root.resolve("inside/a.py"));
    }

    @Test
    @DisplayName("writing through a symlink is refused even when it points inside")
    void shouldRefuseWriteWhenTargetIsSymlink() throws Exception {
        Files.createSymbolicLink(root.resolve("alias.py"), root.resolve("src/a.py"));

        assertThatThrownBy(() -> WorkspacePaths.resolve(root, "alias.py", true)).isInstanceOf(ToolException.class)
                .hasMessageContaining("symlink");
    }
}
