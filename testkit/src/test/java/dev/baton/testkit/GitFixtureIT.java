package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitFixtureIT {
  static final Map<String, String> FILES = Map.of(
      "README.md", "# demo\n", "src/main/java/App.java", "class App {}\n");

  @TempDir
  Path dir;

  @Test
  void shouldCreateABareRepoWithOneCommitOnMain() {
    GitRepo repo = GitFixture.createBare(dir, "demo.git", FILES);

    assertThat(Files.isRegularFile(repo.path().resolve("HEAD"))).isTrue();
    assertThat(repo.url()).isEqualTo("file://" + dir.resolve("demo.git").toAbsolutePath());
    assertThat(repo.branches()).containsExactly("main");
    assertThat(repo.head("main")).hasValueSatisfying(sha -> assertThat(sha).matches("[0-9a-f]{40}"));
    assertThat(repo.log("main")).containsExactly("Initial commit");
    assertThat(repo.commitCount("main")).isEqualTo(1);
    assertThat(repo.fileAt("main", "README.md")).hasValue("# demo\n");
    assertThat(repo.fileAt("main", "src/main/java/App.java")).hasValue("class App {}\n");
    assertThat(repo.fileAt("main", "missing.txt")).isEmpty();
  }

  @Test
  void shouldGiveTheSameCommitIdForTheSameFiles() {
    GitRepo first = GitFixture.createBare(dir, "a.git", FILES);
    GitRepo second = GitFixture.createBare(dir, "b.git", FILES);

    assertThat(first.head("main")).isPresent().isEqualTo(second.head("main"));
  }

  @Test
  void shouldReadAMissingBranchAsEmpty() {
    GitRepo repo = GitFixture.createBare(dir, "demo.git", FILES);

    assertThat(repo.head("nope")).isEmpty();
    assertThat(repo.log("nope")).isEmpty();
    assertThat(repo.commitCount("nope")).isZero();
    assertThat(repo.fileAt("nope", "README.md")).isEmpty();
  }

  @Test
  void shouldCommitOnANewBranchStartingFromMain() {
    GitRepo repo = GitFixture.createBare(dir, "demo.git", FILES);
    String mainHead = repo.head("main").orElseThrow();

    String head = repo.commit("baton/T-1", Map.of("README.md", "# changed\n"), "Change readme");

    assertThat(repo.branches()).containsExactly("baton/T-1", "main");
    assertThat(repo.head("baton/T-1")).hasValue(head);
    assertThat(repo.log("baton/T-1")).containsExactly("Change readme", "Initial commit");
    assertThat(repo.commitCount("baton/T-1")).isEqualTo(2);
    assertThat(repo.fileAt("baton/T-1", "README.md")).hasValue("# changed\n");
    assertThat(repo.fileAt("baton/T-1", "src/main/java/App.java")).hasValue("class App {}\n");
    assertThat(repo.head("main")).hasValue(mainHead);
  }

  @Test
  void shouldBeClonableWithThePlainGitCli() {
    GitRepo repo = GitFixture.createBare(dir, "demo.git", FILES);

    Path clone = repo.cloneTo(dir.resolve("clone"));

    assertThat(clone.resolve("README.md")).hasContent("# demo");
    assertThat(Git.run(clone, "rev-parse", "--abbrev-ref", "HEAD")).isEqualTo("main");
  }

  @Test
  void shouldRefuseANonEmptyTarget() {
    GitFixture.createBare(dir, "demo.git", FILES);

    assertThatThrownBy(() -> GitFixture.createBare(dir, "demo.git", FILES))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRefuseFilePathsOutsideTheRepo() {
    assertThatThrownBy(() -> GitFixture.createBare(dir, "evil.git", Map.of("../x", "y")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldReportStderrAndExitCodeWhenGitFails() {
    assertThatThrownBy(() -> Git.run(dir, "rev-parse", "--verify", "no-such-ref"))
        .isInstanceOfSatisfying(GitException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(128);
          assertThat(e.stderr()).contains("fatal");
          assertThat(e.getMessage()).contains("rev-parse");
        });
  }
}
