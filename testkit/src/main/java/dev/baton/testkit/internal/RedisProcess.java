package dev.baton.testkit.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Finds, launches and probes a {@code redis-server} child process. Not API. */
public final class RedisProcess {
  public static final String BINARY_ENV = "BATON_REDIS_SERVER";

  private RedisProcess() {}

  /** {@code $BATON_REDIS_SERVER}, else {@code redis-server} on the PATH; clear error if none. */
  public static Path binary() {
    String configured = System.getenv(BINARY_ENV);
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      if (!Files.isExecutable(path)) {
        throw new IllegalStateException(BINARY_ENV + "=" + configured
            + " is not an executable file; point it at redis-server or unset it");
      }
      return path;
    }
    String pathEnv = System.getenv().getOrDefault("PATH", "");
    for (String dir : (pathEnv + File.pathSeparator + "/usr/bin:/usr/local/bin:/usr/sbin")
        .split(File.pathSeparator)) {
      Path candidate = dir.isBlank() ? null : Path.of(dir, "redis-server");
      if (candidate != null && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("redis-server not found on the PATH. Install it "
        + "(Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) or set "
        + BINARY_ENV + " to its path");
  }

  public static Process launch(Path binary, Path dir, int port) {
    List<String> command = List.of(binary.toString(), "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
        "--daemonize", "no", "--logfile", "");
    return ChildProcesses.start(command, dir, logFile(dir));
  }

  public static Path logFile(Path dir) {
    return dir.resolve("redis.log");
  }

  /** Waits until the server answers PING with PONG, or fails with the log tail. */
  public static void awaitReady(Process process, Path dir, int port, long logStart,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ping(port)) {
      if (!process.isAlive()) {
        throw failure(dir, logStart, "redis-server exited with code " + process.exitValue());
      }
      if (System.nanoTime() - deadline > 0) {
        throw failure(dir, logStart, "no PONG after " + timeout.toSeconds() + " s");
      }
      ChildProcesses.sleep(Duration.ofMillis(50));
    }
  }

  /** One RESP {@code PING} on a fresh connection; true on {@code +PONG}. */
  public static boolean ping(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(1_000);
      socket.getOutputStream().write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(7);
      return "+PONG\r\n".equals(new String(reply, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      return false;
    }
  }

  private static StartupException failure(Path dir, long logStart, String reason) {
    Path log = logFile(dir);
    return new StartupException("Redis in " + dir + " failed to start: " + reason + ".\n"
        + Files2.excerpt(log, logStart), Files2.mentionsAddressInUse(log, logStart));
  }
}
