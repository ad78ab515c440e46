package dev.baton.coordinator;

import dev.baton.protocol.config.ConfigSource;
import java.time.Duration;

/**
 * Everything the coordinator reads at startup.
 *
 * @param maxReviewRounds how many times the Reviewer may see one task before the ticket fails
 * @param stageDeadline   how long a dispatched work order may take before it is re-dispatched
 */
public record CoordinatorConfig(
        String kafkaBootstrap, String redisUri, int httpPort, int maxReviewRounds, Duration stageDeadline,
        int topicPartitions) {

    public static CoordinatorConfig load(ConfigSource source) {
        return new CoordinatorConfig(
                source.string("kafka.bootstrap", "127.0.0.1:9092"),
                source.string("redis.uri", "redis://127.0.0.1:6379"),
                source.integer("coordinator.port", 8080, 0, 65535),
                source.integer("review.max-rounds", 3, 1, 20),
                source.duration("stage.deadline", Duration.ofMinutes(30)),
                source.integer("kafka.partitions", 3, 1, 1000));
    }
}
