package dev.baton.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.launcher.client.Endpoints;
import dev.baton.protocol.Codec;
import dev.baton.protocol.Decoded;
import dev.baton.protocol.Payload;
import dev.baton.protocol.Topics;
import dev.baton.protocol.WorkOrder;
import dev.baton.testkit.TopicRecords;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Looks for secret values everywhere an agent could read: every record of every Baton topic, every Redis key
 * and value, every service log, and the environment and command line of the agent processes.
 */
final class SecretScan {
    private SecretScan() {}

    static void assertNowhere(List<String> secrets, Path dir, List<Long> agentPids) throws IOException {
        Endpoints endpoints = Endpoints.load(dir);
        StringBuilder everything = new StringBuilder();
        int records = 0;
        for (String topic : Topics.ALL) {
            for (var r : TopicRecords.readAll(endpoints.kafkaBootstrap(), topic)) {
                everything.append(r.key()).append(' ').append(new String(r.value(), StandardCharsets.UTF_8)).append('\n');
                records++;
            }
        }
        int keys = redis(endpoints.redisUri(), everything);
        int logs = 0;
        try (Stream<Path> files = Files.list(dir.resolve("logs"))) {
            for (Path log : files.toList()) {
                everything.append(Files.readString(log));
                logs++;
            }
        }
        for (long pid : agentPids) {
            everything.append(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")));
            everything.append(new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")),
                    StandardCharsets.UTF_8));
        }
        assertThat(records).as("Kafka records scanned").isPositive();
        assertThat(keys).as("Redis keys scanned").isPositive();
        assertThat(logs).as("log files scanned").isGreaterThanOrEqualTo(5);
        for (String secret : secrets) {
            assertThat(secret).hasSizeGreaterThan(8);
            assertThat(everything.indexOf(secret)).as("a secret appears in what agents can read").isEqualTo(-1);
        }
    }

    /** The task tokens the coordinator put in the run's work orders. */
    static List<String> taskTokens(String bootstrap) {
        List<String> tokens = new java.util.ArrayList<>();
        for (String topic : List.of(Topics.WORK_PM, Topics.WORK_ENGINEER, Topics.WORK_REVIEWER)) {
            for (var r : TopicRecords.readAll(bootstrap, topic)) {
                if (Codec.decode(r.value(), Payload.WorkMessage.class) instanceof Decoded.Ok ok) {
                    tokens.add(((WorkOrder) ok.payload()).token());
                }
            }
        }
        return tokens;
    }

    /** Looks for secrets that other places must hold (task tokens travel in work orders) in every service log. */
    static void assertNotInLogs(List<String> secrets, Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("logs"))) {
            for (Path log : files.toList()) {
                String text = Files.readString(log);
                for (String secret : secrets) {
                    assertThat(secret).hasSizeGreaterThan(8);
                    assertThat(text.indexOf(secret)).as("a secret appears in " + log).isEqualTo(-1);
                }
            }
        }
    }

    private static int redis(String uri, StringBuilder out) {
        RedisClient client = RedisClient.create(uri);
        try (var connection = client.connect()) {
            var redis = connection.sync();
            int n = 0;
            var keys = ScanIterator.scan(redis, ScanArgs.Builder.limit(500));
            while (keys.hasNext()) {
                String key = keys.next();
                n++;
                out.append(key).append(' ');
                switch (redis.type(key)) {
                    case "string" -> out.append(redis.get(key));
                    case "hash" -> out.append(redis.hgetall(key));
                    case "set" -> out.append(redis.smembers(key));
                    case "zset" -> out.append(redis.zrange(key, 0, -1));
                    case "list" -> out.append(redis.lrange(key, 0, -1));
                    default -> out.append("?");
                }
                out.append('\n');
            }
            return n;
        } finally {
            client.shutdown();
        }
    }
}
