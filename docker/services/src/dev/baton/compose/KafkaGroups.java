package dev.baton.compose;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.utils.Utils;

/**
 * What the compose CI asks Kafka about scale-out (docker/compose/ci-check.sh), run in a throwaway container on
 * the {@code control} network:
 * <ul>
 *   <li>{@code members GROUP}: the group's state, then one line per member, {@code <host> <partitions>};</li>
 *   <li>{@code partition PARTITIONS KEY…}: the partition Kafka's default partitioner gives each key (murmur2, as
 *       the coordinator's producer places a work order keyed by its ticket id).</li>
 * </ul>
 * Environment: {@code BATON_KAFKA_BOOTSTRAP}. Exits 2 on bad arguments, 1 when Kafka cannot answer.
 */
public final class KafkaGroups {
    private KafkaGroups() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length >= 2 && args[0].equals("members")) {
            System.exit(members(args[1]));
        } else if (args.length >= 3 && args[0].equals("partition") && args[1].matches("[1-9][0-9]{0,3}")) {
            int partitions = Integer.parseInt(args[1]);
            for (String key : List.of(args).subList(2, args.length)) {
                System.out.println(key + " " + Utils.toPositive(Utils.murmur2(key.getBytes())) % partitions);
            }
        } else {
            System.err.println("usage: KafkaGroups members GROUP | partition PARTITIONS KEY...");
            System.exit(2);
        }
    }

    private static int members(String group) throws InterruptedException {
        String bootstrap = System.getenv().getOrDefault("BATON_KAFKA_BOOTSTRAP", "kafka:9092");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000))) {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            System.out.println("state " + d.groupState());
            d.members().forEach(m -> System.out.println(m.host().replaceFirst("^/", "") + " " + m.assignment()
                    .topicPartitions().stream().map(tp -> Integer.toString(tp.partition())).sorted()
                    .collect(Collectors.joining(","))));
            return 0;
        } catch (ExecutionException e) {
            System.err.println("cannot describe group " + group + ": " + e.getCause());
            return 1;
        } catch (KafkaException e) {
            System.err.println("cannot ask Kafka at " + bootstrap + ": " + e.getMessage());
            return 1;
        }
    }
}
