package dev.baton.testkit;

import java.util.List;

/** A git command failed or timed out. Carries the command, exit code and stderr. Immutable. */
public final class GitException extends RuntimeException {
  private final List<String> command;
  private final int exitCode;
  private final String stderr;

  public GitException(List<String> command, int exitCode, String stderr) {
    super("git command " + command + " failed with exit code " + exitCode + ": " + stderr.strip());
    this.command = List.copyOf(command);
    this.exitCode = exitCode;
    this.stderr = stderr;
  }

  public List<String> command() {
    return command;
  }

  /** The exit code; -1 when the command timed out or could not be started. */
  public int exitCode() {
    return exitCode;
  }

  public String stderr() {
    return stderr;
  }
}
