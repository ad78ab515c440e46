package dev.baton.testkit.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Kills a native child process (one that cannot run {@link WatchedMain}) when this JVM dies
 * without running its shutdown hooks, e.g. a test JVM killed by a timeout. A tiny {@code sh}
 * loop polls both pids every second and exits with the child. Not API.
 */
public final class OrphanGuard {
  private static final String SCRIPT = "while kill -0 \"$1\" 2>/dev/null && kill -0 \"$2\" "
      + "2>/dev/null; do sleep 1; done; kill \"$2\" 2>/dev/null";
  private static final Path SH = Path.of("/bin/sh");

  private OrphanGuard() {}

  /** Starts a guard for {@code child}; empty where there is no {@code /bin/sh}. */
  public static Optional<Process> watch(Process child) {
    if (!Files.isExecutable(SH)) {
      return Optional.empty();
    }
    ProcessBuilder builder = new ProcessBuilder(SH.toString(), "-c", SCRIPT, "orphan-guard",
        Long.toString(ProcessHandle.current().pid()), Long.toString(child.pid()))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    try {
      return Optional.of(builder.start());
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
