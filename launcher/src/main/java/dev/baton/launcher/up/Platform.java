package dev.baton.launcher.up;

import dev.baton.launcher.client.Endpoints;
import dev.baton.testkit.KafkaBroker;
import dev.baton.testkit.RedisServer;
import dev.baton.testkit.ScriptedModelServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code baton up}: the whole platform on one machine. An embedded KRaft broker and Redis, the vault proxy,
 * the coordinator and the three agents, each its own process. Without a configured model it serves the
 * scripted demo model and says so. {@link #close()} stops everything, services first.
 */
public final class Platform implements AutoCloseable {
    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<ServiceProcess> services = new ArrayList<>();
    private final Map<String, String> metrics = new java.util.LinkedHashMap<>();
    private Endpoints endpoints;
    private String operatorToken;

    public static Platform up(Path dir, Map<String, String> env, PrintStream out) throws Exception {
        var platform = new Platform();
        try {
            platform.start(dir.toAbsolutePath(), env, out);
            return platform;
        } catch (Exception e) {
            platform.close();
            throw e;
        }
    }

    private void start(Path dir, Map<String, String> env, PrintStream out) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        out.println("starting Kafka (embedded KRaft broker) and Redis …");
        KafkaBroker kafka = keep(KafkaBroker.start(Files.createTempDirectory(dir, "kafka-")));
        RedisServer redis = keep(RedisServer.start());
        String upstream = env.get("BATON_PROXY_UPSTREAM_URL");
        boolean scripted = upstream == null || upstream.isBlank();
        String modelUrl = upstream;
        if (scripted) {
            ScriptedModelServer model = keep(ScriptedModelServer.start());
            DemoModel.install(model);
            modelUrl = model.baseUrl();
        }
        int proxyPort = freePort();
        int coordinatorPort = freePort();
        String proxyUrl = "http://127.0.0.1:" + proxyPort;
        String coordinatorUrl = "http://127.0.0.1:" + coordinatorPort;
        var common = ServiceEnv.common(env, kafka.bootstrapServers(), redis.uri());
        String tokenKey = ServiceEnv.newTokenKey();
        operatorToken = ServiceEnv.operatorToken(env);
        OperatorToken.save(dir, operatorToken);
        service("vault-proxy", "dev.baton.proxy.VaultProxyMain",
                ServiceEnv.proxy(env, common, proxyPort, modelUrl, scripted, tokenKey), logs, proxyUrl);
        awaitHealthy(proxyUrl + "/healthz", "vault-proxy");
        service("coordinator", "dev.baton.coordinator.CoordinatorMain",
                ServiceEnv.coordinator(common, coordinatorPort, tokenKey, operatorToken), logs, coordinatorUrl);
        awaitHealthy(coordinatorUrl + "/healthz", "coordinator");
        for (String role : List.of("pm", "engineer", "reviewer")) {
            int metricsPort = freePort();
            service("agent-" + role, "dev.baton." + role + "." + capitalized(role) + "Main",
                    ServiceEnv.agent(common, proxyUrl, dir.resolve("work").resolve(role), metricsPort), logs,
                    "http://127.0.0.1:" + metricsPort);
        }
        endpoints = new Endpoints(kafka.bootstrapServers(), redis.uri(), proxyUrl, coordinatorUrl, modelUrl, scripted);
        endpoints.save(dir);
        printBanner(out, dir, logs);
    }

    private void printBanner(PrintStream out, Path dir, Path logs) {
        out.println("Baton is up.");
        out.println("  kafka        " + endpoints.kafkaBootstrap());
        out.println("  redis        " + endpoints.redisUri());
        out.println("  vault-proxy  " + endpoints.proxyUrl());
        out.println("  coordinator  " + endpoints.coordinatorUrl());
        out.println("  dashboard    " + endpoints.coordinatorUrl() + "/dashboard/");
        out.println("  operator token " + operatorToken + "  (for the dashboard and API; kept in "
                + dir.resolve(OperatorToken.FILE) + ", mode 0600)");
        for (ServiceProcess s : services) {
            out.println("  " + String.format("%-15s", s.name()) + "pid " + s.pid() + ", log " + s.log() + ", metrics "
                    + metrics.get(s.name()) + "/metrics");
        }
        out.println(endpoints.scriptedModel()
                ? "  model        SCRIPTED demo model at " + endpoints.modelUrl()
                        + " (canned answers, no real engineering). Set BATON_PROXY_UPSTREAM_URL to use a real model."
                : "  model        " + endpoints.modelUrl() + " (through the vault proxy)");
        out.println("Endpoints saved in " + dir.resolve("endpoints.json") + ". Ctrl-C stops everything.");
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** The bearer token of the coordinator's operator API. */
    public String operatorToken() {
        return operatorToken;
    }

    public List<ServiceProcess> services() {
        return List.copyOf(services);
    }

    private void service(String name, String main, Map<String, String> env, Path logs, String baseUrl)
            throws IOException {
        services.add(ServiceProcess.start(name, main, env, logs));
        metrics.put(name, baseUrl);
    }

    /** Where each service serves {@code /metrics} (and {@code /healthz}), by service name. */
    public Map<String, String> metricsUrls() {
        Map<String, String> urls = new java.util.LinkedHashMap<>();
        metrics.forEach((name, base) -> urls.put(name, base + "/metrics"));
        return urls;
    }

    private <T extends AutoCloseable> T keep(T resource) {
        started.add(resource);
        return resource;
    }

    private void awaitHealthy(String url, String name) throws InterruptedException {
        var http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            ServiceProcess s = services.get(services.size() - 1);
            if (!s.isAlive()) {
                throw new IllegalStateException(name + " exited during startup; see " + s.log());
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " did not become healthy at " + url + " within 60 s");
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String capitalized(String s) {
        return s.equals("pm") ? "Pm" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("cannot stop " + started.get(i) + ": " + e);
            }
        }
    }
}
