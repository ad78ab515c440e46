package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerIT {

  @Nested
  @DisplayName("shared broker")
  class Shared {
    private final KafkaBroker broker = KafkaBroker.shared();

    @Test
    void shouldDeliverARecordFromProducerToConsumer() throws Exception {
      String topic = unique("roundtrip");
      broker.createTopics(3, topic);

      produce(broker, topic, "T-1", "hello");

      assertThat(consume(broker, topic, 1)).containsExactly("T-1=hello");
    }

    @Test
    void shouldAcceptExistingTopicsWhenCreatingAgain() throws Exception {
      String topic = unique("twice");
      broker.createTopics(2, topic);
      broker.createTopics(2, topic, unique("other"));

      try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
        var description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        assertThat(description.partitions()).hasSize(2);
      }
    }

    @Test
    void shouldNotAutoCreateTopics() throws Exception {
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
        var config = admin.describeConfigs(List.of(new org.apache.kafka.common.config
            .ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.BROKER, "1")))
            .all().get().values().iterator().next();
        assertThat(config.get("auto.create.topics.enable").value()).isEqualTo("false");
        assertThat(config.get("num.partitions").value()).isEqualTo("3");
      }
    }

    @Test
    void shouldIgnoreCloseOnTheSharedInstance() {
      broker.close();

      assertThat(broker.isRunning()).isTrue();
      assertThat(KafkaBroker.shared()).isSameAs(broker);
    }
  }

  @Nested
  @DisplayName("own broker")
  class Own {

    @Test
    void shouldKeepTopicsAndDataAcrossRestartAndKill(@TempDir Path dir) throws Exception {
      long started = System.nanoTime();
      try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"))) {
        System.out.printf("KafkaBroker.start (format + start) took %d ms%n",
            (System.nanoTime() - started) / 1_000_000);
        String bootstrap = broker.bootstrapServers();
        broker.createTopics(1, "durable");
        produce(broker, "durable", "k", "before-restart");

        long restarted = System.nanoTime();
        broker.restart();
        System.out.printf("KafkaBroker.restart took %d ms%n",
            (System.nanoTime() - restarted) / 1_000_000);
        assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
        produce(broker, "durable", "k", "after-restart");

        broker.kill();
        assertThat(broker.isRunning()).isFalse();
        broker.restart();

        assertThat(consume(broker, "durable", 2))
            .containsExactly("k=before-restart", "k=after-restart");
      }
    }

    @Test
    void shouldResumeADirectoryAPreviousBrokerLeft(@TempDir Path dir) throws Exception {
      String bootstrap;
      try (KafkaBroker first = KafkaBroker.start(dir)) {
        bootstrap = first.bootstrapServers();
        first.createTopics(1, "kept");
        produce(first, "kept", "k", "v");
      }
      try (KafkaBroker second = KafkaBroker.start(dir)) {
        assertThat(second.bootstrapServers()).isEqualTo(bootstrap);
        assertThat(consume(second, "kept", 1)).containsExactly("k=v");
      }
    }

    @Test
    void shouldFailWithTheLogTailWhenThePortIsTaken(@TempDir Path dir) throws Exception {
      String bootstrap;
      try (KafkaBroker broker = KafkaBroker.start(dir)) {
        bootstrap = broker.bootstrapServers();
      }
      int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
      try (ServerSocket squatter = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThatThrownBy(() -> KafkaBroker.start(dir))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("failed to start")
            .hasMessageContaining("Address already in use");
      }
    }
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  static void produce(KafkaBroker broker, String topic, String key, String value)
      throws Exception {
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all");
    try (var producer = new KafkaProducer<>(config, new StringSerializer(),
        new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  static List<String> consume(KafkaBroker broker, String topic, int count) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, unique("group"),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> received = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(),
        new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (received.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          received.add(record.key() + "=" + record.value());
        }
      }
    }
    return received;
  }
}
