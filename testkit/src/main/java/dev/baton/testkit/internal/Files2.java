package dev.baton.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** File helpers: temp dirs, recursive delete, log tails. Not API. */
public final class Files2 {
  private static final int TAIL_LINES = 25;
  private static final int ERROR_LINES = 12;
  private static final Pattern EXCEPTION_LINE =
      Pattern.compile("^[\\w.$]+(Exception|Error)(: .*)?$");
  private static final long MAX_BYTES = 8L * 1024 * 1024;

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

  /** The current size of a file, 0 if missing: where the next child's output will start. */
  public static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * For failure messages: the first error lines and the last lines a child wrote after byte
   * {@code from} of its log (earlier runs may have written before). Never throws.
   */
  public static String excerpt(Path file, long from) {
    List<String> lines = readFrom(file, from);
    List<String> errors =
        lines.stream().filter(Files2::isError).distinct().limit(ERROR_LINES).toList();
    List<String> tail = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
    String nl = System.lineSeparator();
    return (errors.isEmpty() ? "" : "First errors:" + nl + String.join(nl, errors) + nl)
        + "Last lines of " + file + ":" + nl + String.join(nl, tail);
  }

  /** Whether the child's part of the log mentions a failed bind, so a start may retry. */
  public static boolean mentionsAddressInUse(Path file, long from) {
    return readFrom(file, from).stream().anyMatch(line -> line.contains("Address already in use"));
  }

  /** Error log lines, and the exception lines of stack traces, which carry the cause. */
  private static boolean isError(String line) {
    return line.contains(" ERROR ") || line.contains(" FATAL ") || line.startsWith("Caused by:")
        || EXCEPTION_LINE.matcher(line).matches() || line.startsWith("Error");
  }

  private static List<String> readFrom(Path file, long from) {
    if (!Files.exists(file)) {
      return List.of("(no log at " + file + ")");
    }
    try (SeekableByteChannel channel = Files.newByteChannel(file)) {
      long start = Math.max(from, channel.size() - MAX_BYTES);
      channel.position(start);
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(0, channel.size() - start));
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // Read the window completely.
      }
      return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8)
          .lines().toList();
    } catch (IOException e) {
      return List.of("(cannot read " + file + ": " + e + ")");
    }
  }
}
