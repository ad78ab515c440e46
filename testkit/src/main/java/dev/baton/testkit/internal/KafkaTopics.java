package dev.baton.testkit.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/** Idempotent topic creation that returns once every partition has a leader. Not API. */
public final class KafkaTopics {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private KafkaTopics() {}

  public static void create(String bootstrapServers, int partitions, String... names) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
    }
    List<String> topics = List.copyOf(Arrays.asList(names));
    if (topics.isEmpty()) {
      return;
    }
    try (Admin admin = Admin.create(KafkaProcess.adminConfig(bootstrapServers))) {
      CreateTopicsResult result = admin.createTopics(
          topics.stream().map(name -> new NewTopic(name, partitions, (short) 1)).toList());
      for (String topic : topics) {
        try {
          result.values().get(topic).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + topic + " on "
                + bootstrapServers + ": " + e.getCause(), e.getCause());
          }
        }
      }
      awaitLeaders(admin, topics);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics " + topics, e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("creating topics " + topics + " on " + bootstrapServers
          + " timed out after " + TIMEOUT.toSeconds() + " s", e);
    }
  }

  private static void awaitLeaders(Admin admin, List<String> topics)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() - deadline < 0) {
      try {
        Map<String, TopicDescription> descriptions =
            admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS);
        boolean ready = descriptions.values().stream()
            .flatMap(description -> description.partitions().stream())
            .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
        if (ready) {
          return;
        }
      } catch (ExecutionException | TimeoutException e) {
        // Metadata not propagated yet: try again until the deadline.
      }
      Thread.sleep(50);
    }
    throw new TimeoutException("partitions of " + topics + " have no leader");
  }
}
