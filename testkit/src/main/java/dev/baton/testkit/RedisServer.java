package dev.baton.testkit;

import dev.baton.testkit.internal.ChildProcesses;
import dev.baton.testkit.internal.FreePorts;
import dev.baton.testkit.internal.Files2;
import dev.baton.testkit.internal.OrphanGuard;
import dev.baton.testkit.internal.RedisProcess;
import dev.baton.testkit.internal.StartupException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A real {@code redis-server} child process on a free loopback port, without persistence
 * ({@code --save "" --appendonly no}), working directory and log ({@code redis.log}) in a temp
 * dir. The binary is {@code $BATON_REDIS_SERVER} or {@code redis-server} on the PATH.
 *
 * <p>Thread-safety: all methods are safe from any thread; lifecycle methods are serialized.
 * Failure modes: {@link #start()} and {@link #restart()} throw {@link IllegalStateException}
 * when the binary is missing (the message says how to install it), or the server does not
 * answer PING within 10 s (with the log tail). Normal exits stop the shared instance through a
 * shutdown hook; if this JVM is killed, a small {@code sh} guard kills the server within 1 s.
 */
public final class RedisServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final int ATTEMPTS = 3;
  private static RedisServer shared;

  private final Path binary;
  private final Path dir;
  private final int port;
  private final boolean isShared;
  private Process process;
  private Optional<Process> guard = Optional.empty();

  private RedisServer(Path binary, Path dir, int port, boolean isShared) {
    this.binary = binary;
    this.dir = dir;
    this.port = port;
    this.isShared = isShared;
  }

  /** Starts a new server and waits until it answers PING. Retries if its port was taken. */
  public static RedisServer start() {
    return start(false);
  }

  /**
   * The server shared by this JVM, started on first use and stopped by a shutdown hook.
   * {@link #close()} on it does nothing. Tests sharing it should use unique keys.
   */
  public static synchronized RedisServer shared() {
    if (shared == null) {
      RedisServer server = start(true);
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "baton-redis-shutdown"));
      shared = server;
    }
    return shared;
  }

  private static RedisServer start(boolean isShared) {
    Path binary = RedisProcess.binary();
    for (int attempt = 1; ; attempt++) {
      RedisServer server = new RedisServer(binary, Files2.tempDir("baton-redis-"),
          FreePorts.allocate(1)[0], isShared);
      try {
        server.launch();
        return server;
      } catch (StartupException e) {
        Files2.deleteQuietly(server.dir);
        if (!e.addressInUse() || attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** {@code redis://127.0.0.1:PORT}; stays the same across {@link #restart()}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /**
   * Stops the server and starts it again on the same port, waiting for PING. All data is lost
   * (no persistence): this simulates a Redis crash and recovery, and drops client connections.
   */
  public synchronized void restart() {
    ChildProcesses.stop(process, STOP_GRACE);
    guard.ifPresent(ChildProcesses::kill);
    launch();
  }

  /** Whether the server process is alive. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Stops the server and deletes its dir. Idempotent; no-op on {@link #shared()}. */
  @Override
  public void close() {
    if (!isShared) {
      stop();
    }
  }

  private synchronized void stop() {
    ChildProcesses.stop(process, STOP_GRACE);
    guard.ifPresent(ChildProcesses::kill);
    Files2.deleteQuietly(dir);
  }

  private synchronized void launch() {
    Files2.createDirectories(dir);
    long logStart = Files2.size(RedisProcess.logFile(dir));
    process = RedisProcess.launch(binary, dir, port);
    guard = OrphanGuard.watch(process);
    try {
      RedisProcess.awaitReady(process, dir, port, logStart, START_TIMEOUT);
    } catch (RuntimeException e) {
      ChildProcesses.kill(process);
      guard.ifPresent(ChildProcesses::kill);
      throw e;
    }
  }
}
