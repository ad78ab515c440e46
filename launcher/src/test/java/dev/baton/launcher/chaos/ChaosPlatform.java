package dev.baton.launcher.chaos;

import dev.baton.launcher.chaos.ChaosService.Kind;
import dev.baton.launcher.up.DemoModel;
import dev.baton.launcher.up.ServiceEnvAccess;
import dev.baton.protocol.Codec;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.protocol.Topics;
import dev.baton.protocol.kafka.KafkaClients;
import dev.baton.testkit.ScriptedModelServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The platform as {@code baton up} runs it — vault proxy, coordinator and three agents, each its own JVM with the
 * environment {@code ServiceEnv} builds, the scripted demo model — on a Kafka broker and Redis the caller owns
 * (so it can restart them). Each service can be killed and started again. Loopback only.
 */
final class ChaosPlatform implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final ScriptedModelServer model = ScriptedModelServer.start();
    private final Map<Kind, ChaosService> services = new EnumMap<>(Kind.class);
    private final KafkaProducer<String, byte[]> producer;
    final Path logs;

    /**
     * @param coordinatorEnv extra coordinator settings, e.g. {@code BATON_STAGE_DEADLINE}
     */
    ChaosPlatform(Path dir, String bootstrap, String redisUri, Map<String, String> coordinatorEnv) throws Exception {
        DemoModel.install(model);
        logs = Files.createDirectories(dir.resolve("logs"));
        int proxyPort = freePort();
        int coordinatorPort = freePort();
        String proxyUrl = "http://127.0.0.1:" + proxyPort;
        var common = Map.of("BATON_KAFKA_BOOTSTRAP", bootstrap, "BATON_REDIS_URI", redisUri);
        String tokenKey = ServiceEnvAccess.newTokenKey();
        add(Kind.PROXY, ServiceEnvAccess.scriptedProxy(common, proxyPort, model.baseUrl(), tokenKey),
                proxyUrl + "/healthz");
        var coordinator = new HashMap<>(ServiceEnvAccess.coordinator(common, coordinatorPort, tokenKey));
        // The coordinator's HTTP API refuses to start without an operator token; baton up generates one.
        coordinator.putIfAbsent("BATON_COORDINATOR_OPERATOR_TOKEN", ServiceEnvAccess.newTokenKey());
        coordinator.putAll(coordinatorEnv);
        add(Kind.COORDINATOR, coordinator, "http://127.0.0.1:" + coordinatorPort + "/healthz");
        for (Kind agent : List.of(Kind.PM, Kind.ENGINEER, Kind.REVIEWER)) {
            add(agent, ServiceEnvAccess.agent(common, proxyUrl, dir.resolve("work").resolve(agent.id)), null);
        }
        producer = KafkaClients.producer(bootstrap, "chaos-submit");
        try {
            for (ChaosService service : services.values()) {
                service.start(START_TIMEOUT);
            }
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    private void add(Kind kind, Map<String, String> env, String healthUrl) {
        services.put(kind, new ChaosService(kind, env, logs, healthUrl));
    }

    ChaosService service(Kind kind) {
        return services.get(kind);
    }

    ScriptedModelServer model() {
        return model;
    }

    void submit(TicketSubmitted ticket) throws Exception {
        producer.send(new ProducerRecord<>(Topics.TICKETS, ticket.ticketId(), Codec.encode(ticket)))
                .get(120, java.util.concurrent.TimeUnit.SECONDS);
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        List<ChaosService> all = List.copyOf(services.values());
        for (int i = all.size() - 1; i >= 0; i--) {
            all.get(i).close();
        }
        model.close();
    }
}
