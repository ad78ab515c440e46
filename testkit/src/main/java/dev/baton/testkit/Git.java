package dev.baton.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code git} CLI hermetically: no global or system config, hooks disabled
 * ({@code core.hooksPath=/dev/null}), default branch {@code main}, a fixed author and committer
 * ({@code Baton Test <test@baton.dev>}, 2024-01-01T00:00:00Z) so commit ids are deterministic,
 * no terminal prompts, and a 60 s timeout.
 *
 * <p>Thread-safety: stateless and thread-safe. Failure modes: {@link #run} throws
 * {@link GitException} with stderr on a non-zero exit, a timeout (exit code -1) or when
 * {@code git} cannot be started.
 */
public final class Git {
  public static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String DATE = "2024-01-01T00:00:00Z";
  private static final List<String> CONFIG = List.of("-c", "core.hooksPath=/dev/null",
      "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false",
      "-c", "safe.directory=*", "-c", "protocol.file.allow=always", "-c", "advice.detachedHead=false");
  private static final Map<String, String> ENV = Map.of("GIT_AUTHOR_NAME", "Baton Test",
      "GIT_AUTHOR_EMAIL", "test@baton.dev", "GIT_AUTHOR_DATE", DATE,
      "GIT_COMMITTER_NAME", "Baton Test", "GIT_COMMITTER_EMAIL", "test@baton.dev",
      "GIT_COMMITTER_DATE", DATE, "GIT_CONFIG_NOSYSTEM", "1", "GIT_CONFIG_GLOBAL", "/dev/null",
      "GIT_TERMINAL_PROMPT", "0");

  /** The outcome of a git command; stdout and stderr as UTF-8, untrimmed. */
  public record Result(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  private Git() {}

  /** Runs {@code git args...} in {@code dir}; returns stdout without trailing whitespace. */
  public static String run(Path dir, String... args) {
    List<String> command = command(args);
    Result result = execute(dir, args);
    if (!result.ok()) {
      throw new GitException(command, result.exitCode(), result.stderr());
    }
    return result.stdout().stripTrailing();
  }

  /** Runs {@code git args...} in {@code dir} and returns the result whatever the exit code. */
  public static Result execute(Path dir, String... args) {
    List<String> command = command(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().putAll(ENV);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new GitException(command, -1, "cannot start git (is it installed?): " + e);
    }
    try {
      process.getOutputStream().close();
      Future<String> stdout = drain(process.getInputStream());
      Future<String> stderr = drain(process.getErrorStream());
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new GitException(command, -1, "timed out after " + TIMEOUT.toSeconds() + " s");
      }
      return new Result(process.exitValue(), stdout.get(), stderr.get());
    } catch (IOException | ExecutionException e) {
      process.destroyForcibly();
      throw new GitException(command, -1, "cannot read git output: " + e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new GitException(command, -1, "interrupted");
    }
  }

  private static List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(CONFIG);
    command.addAll(List.of(args));
    return command;
  }

  private static Future<String> drain(InputStream stream) {
    FutureTask<String> task = new FutureTask<>(() -> {
      try (stream) {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      }
    });
    Thread.ofVirtual().name("git-output").start(task);
    return task;
  }
}
