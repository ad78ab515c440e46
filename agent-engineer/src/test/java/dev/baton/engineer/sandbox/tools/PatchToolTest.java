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

class PatchToolTest {
    @TempDir
    Path root;
    @TempDir
    Path gitDir;

    @BeforeEach
    void initGitDir() throws Exception {
        assertThat(new ProcessBuilder("git", "init", "--quiet", "--bare", gitDir.toString()).start().waitFor()).isZero();
    }

    @Test
    @DisplayName("a git-style diff is applied")
    void shouldApplyWhenDiffMatches() throws Exception {
        Files.writeString(root.resolve("calc.py"), "def add(a, b):\n    return a - b\n");

        String answer = PatchTool.apply(root, gitDir, """
                diff --git a/calc.py b/calc.py
                --- a/calc.py
                +++ b/calc.py
                @@ -1,2 +1,2 @@
                 def add(a, b):
                -    return a - b
                +    return a + b
                """);

        assertThat(answer).startsWith("applied to calc.py");
        assertThat(Files.readString(root.resolve("calc.py"))).isEqualTo("def add(a, b):\n    return a + b\n");
    }

    @Test
    @DisplayName("a plain diff -u without a/ b/ prefixes is applied")
    void shouldApplyWhenDiffHasNoPrefixes() throws Exception {
        Files.writeString(root.resolve("x.txt"), "one\n");

        PatchTool.apply(root, gitDir, "--- x.txt\n+++ x.txt\n@@ -1 +1 @@\n-one\n+two\n");

        assertThat(Files.readString(root.resolve("x.txt"))).isEqualTo("two\n");
    }

    @Test
    @DisplayName("paths outside the workspace, into .git or through symlinks are refused before git runs")
    void shouldRefuseWhenDiffEscapes() throws Exception {
        Files.createSymbolicLink(root.resolve("etc"), Path.of("/etc"));

        for (String path : new String[] {"../evil", ".git/hooks/pre-commit", "etc/cron.d/x", "sub/.git/config"}) {
            assertThatThrownBy(() -> PatchTool.apply(root, gitDir, "--- /dev/null\n+++ b/" + path + "\n@@ -0,0 +1 @@\n+x\n"))
                    .as(path).isInstanceOf(ToolException.class);
        }
        assertThat(root.resolve("sub")).doesNotExist();
    }

    @Test
    @DisplayName("a diff that does not apply says why")
    void shouldExplainWhenDiffDoesNotApply() throws Exception {
        Files.writeString(root.resolve("x.txt"), "other\n");

        assertThatThrownBy(() -> PatchTool.apply(root, gitDir, "--- a/x.txt\n+++ b/x.txt\n@@ -1 +1 @@\n-one\n+two\n"))
                .isInstanceOf(ToolException.class).hasMessageContaining("does not apply").hasMessageContaining("x.txt");
    }

    @Test
    @DisplayName("a diff creating a symlink is refused")
    void shouldRefuseWhenDiffCreatesSymlink() {
        assertThatThrownBy(() -> PatchTool.apply(root, gitDir, "diff --git a/l b/l\nnew file mode 120000\n--- /dev/null\n"
                + "+++ b/l\n@@ -0,0 +1 @@\n+/etc/passwd\n\\ No newline at end of file\n"))
                .isInstanceOf(ToolException.class).hasMessageContaining("symlink");
    }

    @Test
    @DisplayName("a .git planted in the workspace is never used: its filter does not run")
    void shouldIgnorePlantedRepositoryWhenApplying(@TempDir Path markers) throws Exception {
        Path marker = markers.resolve("filter-ran");
        assertThat(new ProcessBuilder("git", "init", "--quiet", root.toString()).start().waitFor()).isZero();
        Files.writeString(root.resolve(".git/config"), "[filter \"evil\"]\n\tclean = touch " + marker + "; cat\n"
                + "\tsmudge = touch " + marker + "; cat\n", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(root.resolve(".gitattributes"), "* filter=evil\n");
        Files.writeString(root.resolve("x.txt"), "one\n");

        PatchTool.apply(root, gitDir, "--- a/x.txt\n+++ b/x.txt\n@@ -1 +1 @@\n-one\n+two\n");

        assertThat(Files.readString(root.resolve("x.txt"))).isEqualTo("two\n");
        assertThat(marker).as("the planted repository's filter ran on the host").doesNotExist();
    }
}
