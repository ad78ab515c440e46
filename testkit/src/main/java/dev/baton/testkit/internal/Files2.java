package dev.baton.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/** File helpers: temp dirs, recursive delete, log tails. Not API. */
public final class Files2 {
  private static final int TAIL_LINES = 60;

  private Files2() {}

  public static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temp dir " + prefix, e);
    }
  }

  public static Path createDirectories(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create dir " + dir, e);
    }
  }

  /** Deletes a tree, best effort: a leftover temp file must never fail a test. */
  public static void deleteQuietly(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException ignored) {
      // Best effort.
    }
  }

  /** The last lines of a log file, for failure messages; never throws. */
  public static String tail(Path file) {
    if (!Files.exists(file)) {
      return "(no log at " + file + ")";
    }
    Deque<String> last = new ArrayDeque<>();
    try (Stream<String> lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
      lines.forEach(line -> {
        last.addLast(line);
        if (last.size() > TAIL_LINES) {
          last.removeFirst();
        }
      });
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
    return String.join(System.lineSeparator(), List.copyOf(last));
  }

  /** Whether the log mentions a failed bind, so a fresh start may retry on other ports. */
  public static boolean mentionsAddressInUse(Path file) {
    return tail(file).contains("Address already in use");
  }
}
