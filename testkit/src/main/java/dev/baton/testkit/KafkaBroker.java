package dev.baton.testkit;

import dev.baton.testkit.internal.ChildProcesses;
import dev.baton.testkit.internal.Files2;
import dev.baton.testkit.internal.KafkaProcess;
import dev.baton.testkit.internal.KafkaServerConfig;
import dev.baton.testkit.internal.KafkaTopics;
import dev.baton.testkit.internal.StartupException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) running in a
 * child JVM on loopback, with its configuration, data and log ({@code kafka.log}) in one
 * directory. Topics are never auto-created; create them with {@link #createTopics}.
 *
 * <p>Thread-safety: all methods are safe to call from any thread; lifecycle methods are
 * serialized. Failure modes: start and restart throw {@link IllegalStateException} naming the
 * cause and quoting the tail of the broker log when the broker is not ready within 60 s or its
 * process exits. The child JVM halts by itself if this JVM dies.
 */
public final class KafkaBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);
  private static final int ATTEMPTS = 3;
  private static KafkaBroker shared;
  private static RuntimeException sharedFailure;

  private final KafkaServerConfig config;
  private final boolean isShared;
  private Process process;

  private KafkaBroker(KafkaServerConfig config, boolean isShared) {
    this.config = config;
    this.isShared = isShared;
  }

  /**
   * Starts a broker in {@code dir} and waits until it serves requests. An empty or missing
   * {@code dir} is formatted with new free ports (retried on other ports if one was taken); a
   * {@code dir} a previous broker left is resumed on its old ports with its data.
   */
  public static KafkaBroker start(Path dir) {
    return start(dir, false);
  }

  /**
   * The broker shared by this JVM, started on first use in a temp dir and killed and deleted by
   * a shutdown hook. {@link #close()} on it does nothing; do not kill or restart it (start your
   * own for that). If it failed to start once, every later call fails fast with that cause.
   */
  public static synchronized KafkaBroker shared() {
    if (sharedFailure != null) {
      throw new IllegalStateException("the shared Kafka broker failed to start earlier",
          sharedFailure);
    }
    if (shared == null) {
      Path dir = Files2.tempDir("baton-kafka-");
      try {
        shared = start(dir, true);
      } catch (RuntimeException e) {
        Files2.deleteQuietly(dir);
        sharedFailure = e;
        throw e;
      }
      KafkaBroker broker = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        broker.kill();
        Files2.deleteQuietly(dir);
      }, "baton-kafka-shutdown"));
    }
    return shared;
  }

  private static KafkaBroker start(Path dir, boolean isShared) {
    Files2.createDirectories(dir);
    Optional<KafkaServerConfig> existing = KafkaServerConfig.existing(dir);
    if (existing.isPresent()) {
      KafkaBroker broker = new KafkaBroker(existing.get(), isShared);
      broker.launch();
      return broker;
    }
    for (int attempt = 1; ; attempt++) {
      KafkaServerConfig config = KafkaServerConfig.fresh(dir);
      try {
        KafkaProcess.format(config);
        KafkaBroker broker = new KafkaBroker(config, isShared);
        broker.launch();
        return broker;
      } catch (StartupException e) {
        if (!e.addressInUse() || attempt == ATTEMPTS) {
          throw e;
        }
        LOG.warn("Kafka port taken, retrying on other ports ({}/{})", attempt, ATTEMPTS);
        config.wipe();
      }
    }
  }

  /** {@code 127.0.0.1:PORT}; stays the same across {@link #restart()}. */
  public String bootstrapServers() {
    return config.bootstrapServers();
  }

  /** The broker's directory: {@code server.properties}, {@code data/}, {@code kafka.log}. */
  public Path dir() {
    return config.dir();
  }

  /**
   * Creates the topics with replication factor 1 and waits until every partition has a leader.
   * Topics that already exist are left as they are. Throws {@link IllegalStateException} on any
   * other error or after 30 s.
   */
  public void createTopics(int partitions, String... names) {
    KafkaTopics.create(bootstrapServers(), partitions, names);
  }

  /** Kills the broker process with SIGKILL (no controlled shutdown) and waits for it to die. */
  public synchronized void kill() {
    ChildProcesses.kill(process);
  }

  /**
   * Stops the broker (SIGTERM, SIGKILL after 20 s; nothing if already dead) and starts it again
   * on the same ports and data, waiting until ready. Committed data and topics survive.
   */
  public synchronized void restart() {
    ChildProcesses.stop(process, STOP_GRACE);
    launch();
  }

  /** Whether the broker process is alive. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Stops the broker gracefully; keeps its directory. Idempotent; no-op on {@link #shared()}. */
  @Override
  public synchronized void close() {
    if (!isShared) {
      ChildProcesses.stop(process, STOP_GRACE);
    }
  }

  private synchronized void launch() {
    long started = System.nanoTime();
    long logStart = Files2.size(config.logFile());
    process = KafkaProcess.launch(config);
    try {
      KafkaProcess.awaitReady(process, config, logStart, START_TIMEOUT);
    } catch (RuntimeException e) {
      ChildProcesses.kill(process);
      throw e;
    }
    LOG.info("Kafka broker ready at {} in {} ms ({})", bootstrapServers(),
        (System.nanoTime() - started) / 1_000_000, config.dir());
  }
}
