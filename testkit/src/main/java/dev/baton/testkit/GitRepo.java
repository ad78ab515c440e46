package dev.baton.testkit;

import dev.baton.testkit.internal.Files2;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A bare git repository on disk, read and written with the real {@code git} CLI through
 * {@link Git}. Branch arguments are short names ({@code main}, {@code baton/T-1}); a missing
 * branch reads as empty (no head, no log, no files, zero commits).
 *
 * <p>Thread-safety: reads are safe from any thread; concurrent {@link #commit} calls on the same
 * branch race like two pushes (the loser fails with {@link GitException}). Failure modes: git
 * errors throw {@link GitException} with stderr; file errors {@link UncheckedIOException}.
 */
public record GitRepo(Path path) {

  public GitRepo {
    path = Objects.requireNonNull(path, "path").toAbsolutePath().normalize();
  }

  /** A {@code file://} URL for clone, fetch and push. */
  public String url() {
    return "file://" + path;
  }

  /** Branch names, sorted. */
  public List<String> branches() {
    return lines(Git.run(path, "for-each-ref", "--format=%(refname:short)", "refs/heads/"));
  }

  /** The commit id the branch points at. */
  public Optional<String> head(String branch) {
    Git.Result result = Git.execute(path, "rev-parse", "-q", "--verify", ref(branch) + "^{commit}");
    return result.ok() ? Optional.of(result.stdout().strip()) : Optional.empty();
  }

  /** Commit subjects of the branch, newest first. */
  public List<String> log(String branch) {
    return head(branch).isEmpty() ? List.of()
        : lines(Git.run(path, "log", "--format=%s", ref(branch)));
  }

  /** The content of a file at the tip of the branch, decoded as UTF-8, byte for byte. */
  public Optional<String> fileAt(String branch, String file) {
    Git.Result blob = Git.execute(path, "rev-parse", "-q", "--verify", ref(branch) + ":" + file);
    if (!blob.ok()) {
      return Optional.empty();
    }
    return Optional.of(Git.execute(path, "cat-file", "blob", blob.stdout().strip()).stdout());
  }

  /** How many commits the branch has (its whole history). */
  public int commitCount(String branch) {
    return head(branch).isEmpty() ? 0
        : Integer.parseInt(Git.run(path, "rev-list", "--count", ref(branch)));
  }

  /**
   * Commits {@code files} (path relative to the root, to content; added or overwritten) on
   * {@code branch} and pushes it here. A missing branch starts from {@code main} (or from
   * nothing in an empty repository). Returns the new head.
   */
  public String commit(String branch, Map<String, String> files, String message) {
    Path work = Files2.tempDir("baton-git-work-");
    try {
      String base = head(branch).isPresent() ? branch : head("main").isPresent() ? "main" : null;
      Git.run(work, "init", "-q", "-b", branch);
      if (base != null) {
        Git.run(work, "fetch", "-q", url(), ref(base));
        Git.run(work, "reset", "-q", "--hard", "FETCH_HEAD");
      }
      writeFiles(work, files);
      Git.run(work, "add", "-A");
      Git.run(work, "commit", "-q", "--allow-empty", "-m", message);
      Git.run(work, "push", "-q", url(), "HEAD:" + ref(branch));
      return Git.run(work, "rev-parse", "HEAD");
    } finally {
      Files2.deleteQuietly(work);
    }
  }

  /** Clones this repository (all branches, {@code main} checked out) into {@code target}. */
  public Path cloneTo(Path target) {
    Path parent = Files2.createDirectories(target.toAbsolutePath().getParent());
    Git.run(parent, "clone", "-q", url(), target.toAbsolutePath().toString());
    return target;
  }

  static void writeFiles(Path root, Map<String, String> files) {
    files.forEach((name, content) -> {
      Path file = root.resolve(name).normalize();
      if (Path.of(name).isAbsolute() || !file.startsWith(root) || file.equals(root)) {
        throw new IllegalArgumentException("file path must be relative to the repo: " + name);
      }
      try {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file, e);
      }
    });
  }

  private static String ref(String branch) {
    return "refs/heads/" + branch;
  }

  private static List<String> lines(String output) {
    return output.isEmpty() ? List.of() : List.of(output.split("\n"));
  }
}
