package dev.baton.testkit.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code server.properties} of a single-node KRaft broker (combined broker and controller,
 * dynamic quorum formatted with {@code --standalone}), and the layout of its directory. Not API.
 */
public record KafkaServerConfig(Path dir, int brokerPort, int controllerPort) {
  private static final Pattern LISTENERS =
      Pattern.compile("PLAINTEXT://127\\.0\\.0\\.1:(\\d+),CONTROLLER://127\\.0\\.0\\.1:(\\d+)");

  /** New ports, written to {@code dir/server.properties}. */
  public static KafkaServerConfig fresh(Path dir) {
    int[] ports = FreePorts.allocate(2);
    KafkaServerConfig config = new KafkaServerConfig(dir, ports[0], ports[1]);
    config.write();
    return config;
  }

  /** The config of a directory that was already formatted, to resume it on the same ports. */
  public static Optional<KafkaServerConfig> existing(Path dir) {
    Path file = dir.resolve("server.properties");
    if (!Files.exists(file) || !Files.exists(dir.resolve("data").resolve("meta.properties"))) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    Matcher matcher = LISTENERS.matcher(properties.getProperty("listeners", ""));
    if (!matcher.matches()) {
      throw new IllegalStateException(file + " was not written by baton-testkit: listeners="
          + properties.getProperty("listeners") + "; use an empty directory");
    }
    return Optional.of(new KafkaServerConfig(
        dir, Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))));
  }

  public Path propertiesFile() {
    return dir.resolve("server.properties");
  }

  public Path dataDir() {
    return dir.resolve("data");
  }

  public Path logFile() {
    return dir.resolve("kafka.log");
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  /** Removes what a failed fresh start left, so it can be formatted again on other ports. */
  public void wipe() {
    Files2.deleteQuietly(dataDir());
    Files2.deleteQuietly(propertiesFile());
    Files2.deleteQuietly(logFile());
  }

  private void write() {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
    p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort
        + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", p.getProperty("listeners"));
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("log.dirs", dataDir().toAbsolutePath().toString());
    p.setProperty("auto.create.topics.enable", "false");
    p.setProperty("num.partitions", "3");
    p.setProperty("default.replication.factor", "1");
    p.setProperty("min.insync.replicas", "1");
    p.setProperty("offsets.topic.replication.factor", "1");
    // 50 internal partitions (the default) cost seconds on the first consumer group.
    p.setProperty("offsets.topic.num.partitions", "5");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", "5");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    // A restart after SIGKILL waits for the old registration's session to expire (default 9 s).
    p.setProperty("broker.heartbeat.interval.ms", "1000");
    p.setProperty("broker.session.timeout.ms", "3000");
    // Sized for a laptop or a 2-core CI runner, not for throughput.
    p.setProperty("num.network.threads", "2");
    p.setProperty("num.io.threads", "2");
    p.setProperty("background.threads", "2");
    p.setProperty("num.recovery.threads.per.data.dir", "1");
    p.setProperty("log.cleaner.threads", "1");
    p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
    Files2.createDirectories(dir);
    try (Writer writer = Files.newBufferedWriter(propertiesFile(), StandardCharsets.UTF_8)) {
      p.store(writer, "written by baton-testkit KafkaBroker");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + propertiesFile(), e);
    }
  }
}
