package dev.baton.testkit.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/** Formats, launches and probes a broker child JVM described by a {@link KafkaServerConfig}. */
public final class KafkaProcess {
  private static final List<String> SERVER_JVM = List.of("-Xms128m", "-Xmx512m",
      "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError",
      "-XX:-UsePerfData", "-Djava.awt.headless=true", "-Djava.net.preferIPv4Stack=true",
      "-Dbaton.log.level=info", "-Dbaton.log.format=text");
  private static final List<String> FORMAT_JVM = List.of("-Xmx128m", "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Dbaton.log.level=warn",
      "-Dbaton.log.format=text");
  private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);

  private KafkaProcess() {}

  /** Runs {@code kafka-storage format --standalone} with a random cluster id; throws on failure. */
  public static void format(KafkaServerConfig config) {
    long logStart = Files2.size(config.logFile());
    List<String> args = List.of("format", "-t", Uuid.randomUuid().toString(),
        "-c", config.propertiesFile().toString(), "--standalone");
    Process process = ChildProcesses.start(ChildJvm.command(config.dir().resolve("format.args"),
        FORMAT_JVM, "kafka.tools.StorageTool", args), config.dir(), config.logFile());
    if (!ChildProcesses.waitFor(process, FORMAT_TIMEOUT)) {
      ChildProcesses.kill(process);
      throw failure(config, logStart, "kafka-storage format timed out after " + FORMAT_TIMEOUT);
    }
    if (process.exitValue() != 0) {
      throw failure(config, logStart,
          "kafka-storage format exited with code " + process.exitValue());
    }
  }

  public static Process launch(KafkaServerConfig config) {
    return ChildProcesses.start(ChildJvm.command(config.dir().resolve("server.args"), SERVER_JVM,
        "kafka.Kafka", List.of(config.propertiesFile().toString())), config.dir(),
        config.logFile());
  }

  /**
   * Waits until an Admin client sees the broker in the cluster, or the process dies. The log of
   * this run starts at byte {@code logStart} of the log file.
   */
  public static void awaitReady(Process process, KafkaServerConfig config, long logStart,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Admin admin = null;
    try {
      while (true) {
        if (!process.isAlive()) {
          throw failure(config, logStart, "the broker exited with code " + process.exitValue());
        }
        if (System.nanoTime() - deadline > 0) {
          throw failure(config, logStart,
              "the broker was not ready after " + timeout.toSeconds() + " s");
        }
        if (admin == null && portOpen(config.brokerPort())) {
          admin = Admin.create(adminConfig(config.bootstrapServers()));
        }
        if (admin != null && hasBroker(admin)) {
          return;
        }
        ChildProcesses.sleep(Duration.ofMillis(100));
      }
    } finally {
      if (admin != null) {
        admin.close(Duration.ZERO);
      }
    }
  }

  public static Map<String, Object> adminConfig(String bootstrapServers) {
    return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.CLIENT_ID_CONFIG, "baton-testkit-admin",
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000,
        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
  }

  private static boolean hasBroker(Admin admin) {
    try {
      return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000))
          .nodes().get(3, TimeUnit.SECONDS).isEmpty();
    } catch (ExecutionException | TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
    }
  }

  private static boolean portOpen(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static StartupException failure(KafkaServerConfig config, long logStart,
      String reason) {
    return new StartupException("Kafka broker in " + config.dir() + " failed to start: " + reason
        + ".\n" + Files2.excerpt(config.logFile(), logStart),
        Files2.mentionsAddressInUse(config.logFile(), logStart));
  }
}
