package dev.baton.testkit;

import dev.baton.testkit.internal.Files2;
import java.nio.file.Path;
import java.util.Map;

/**
 * Git repositories in one temp directory owned by this object and deleted by {@link #close()}.
 * {@link BatonInfraExtension} injects one per test method (per class for {@code @BeforeAll} and
 * constructor parameters), like {@code @TempDir}.
 *
 * <p>Thread-safety: thread-safe for distinct repository names. Failure modes: as
 * {@link GitFixture}; {@link #close()} never throws.
 */
public final class GitFixtures implements AutoCloseable {
  private final Path dir;

  /** Repositories under {@code dir}; {@link #close()} deletes it. */
  public GitFixtures(Path dir) {
    this.dir = Files2.createDirectories(dir.toAbsolutePath());
  }

  /** Repositories under a new temp directory. */
  public static GitFixtures inTempDir() {
    return new GitFixtures(Files2.tempDir("baton-git-"));
  }

  public Path dir() {
    return dir;
  }

  /** See {@link GitFixture#createBare(Path, String, Map)}. */
  public GitRepo createBare(String name, Map<String, String> files) {
    return GitFixture.createBare(dir, name, files);
  }

  /** A fresh working clone of {@code repo} at {@code dir/name}. */
  public Path cloneOf(GitRepo repo, String name) {
    return repo.cloneTo(dir.resolve(name));
  }

  @Override
  public void close() {
    Files2.deleteQuietly(dir);
  }
}
