package dev.baton.testkit;

import dev.baton.testkit.internal.Files2;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Creates real bare git repositories for tests, with the hermetic settings of {@link Git}.
 *
 * <p>Thread-safety: stateless and thread-safe as long as callers use distinct names. Failure
 * modes: {@link GitException} on git errors, {@link IllegalArgumentException} if the target is a
 * non-empty directory or a file path escapes the repository.
 */
public final class GitFixture {
  private GitFixture() {}

  /**
   * Creates the bare repository {@code parentDir/name} whose {@code main} branch has one commit,
   * "Initial commit", holding {@code files} (relative path to UTF-8 content; may be empty). With
   * Git's fixed dates, the same files always give the same commit id.
   */
  public static GitRepo createBare(Path parentDir, String name, Map<String, String> files) {
    Path bare = parentDir.resolve(name).toAbsolutePath().normalize();
    if (isNonEmptyDir(bare)) {
      throw new IllegalArgumentException(bare + " already exists and is not empty");
    }
    Files2.createDirectories(bare);
    Git.run(bare, "init", "-q", "--bare", "-b", "main");
    GitRepo repo = new GitRepo(bare);
    repo.commit("main", files, "Initial commit");
    return repo;
  }

  private static boolean isNonEmptyDir(Path path) {
    if (!Files.exists(path)) {
      return false;
    }
    if (!Files.isDirectory(path)) {
      return true;
    }
    try (var entries = Files.list(path)) {
      return entries.findAny().isPresent();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path, e);
    }
  }
}
