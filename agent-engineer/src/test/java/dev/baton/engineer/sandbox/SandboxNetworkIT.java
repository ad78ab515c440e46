package dev.baton.engineer.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.HostConfig;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("a sandbox has no network at all (real Docker)")
class SandboxNetworkIT {
    // Prints "<host> CONNECTED" or "<host> blocked: <reason>" for each host:port argument.
    private static final String PROBE = """
            python3 -c '
            import socket, sys
            for target in sys.argv[1:]:
                host, port = target.rsplit(":", 1)
                try:
                    socket.create_connection((host, int(port)), timeout=3).close(); print(target, "CONNECTED")
                except OSError as e:
                    print(target, "blocked:", e.strerror or e)' \
            """;

    @TempDir
    static Path workRoot;
    static SandboxFixture fx;

    @BeforeAll
    static void start() {
        fx = new SandboxFixture(workRoot, "T-net");
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    @DisplayName("names do not resolve")
    void shouldFailDnsWhenResolving() {
        ExecResult r = fx.sh("getent hosts example.com; echo getent=$?; python3 -c 'import socket; "
                + "socket.getaddrinfo(\"example.com\", 443)' 2>&1 | tail -1");

        assertThat(r.output()).contains("getent=2").contains("socket.gaierror");
    }

    @Test
    @DisplayName("TCP to the host, on loopback or any of its addresses, fails")
    void shouldFailTcpWhenConnectingToHost() throws Exception {
        var accepted = new AtomicInteger();
        try (var server = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try (var ignored = server.accept()) {
                        accepted.incrementAndGet();
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            var targets = new StringBuilder("127.0.0.1:" + server.getLocalPort());
            for (String address : hostAddresses()) {
                targets.append(' ').append(address).append(':').append(server.getLocalPort());
            }
            try (var control = new java.net.Socket(hostAddresses().getFirst(), server.getLocalPort())) {
                assertThat(control.isConnected()).as("control: the host listener is reachable from the host").isTrue();
            }

            ExecResult r = fx.sh(PROBE + targets);

            assertThat(r.output()).doesNotContain("CONNECTED").contains("blocked: Connection refused")
                    .contains("blocked: Network is unreachable");
            assertThat(accepted.get()).as("only the host's own control connection got through").isEqualTo(1);
        }
    }

    @Test
    @DisplayName("another container on a network of its own cannot be reached")
    void shouldFailTcpWhenConnectingToOtherContainer() throws Exception {
        var client = fx.docker.client();
        String network = "baton-it-" + UUID.randomUUID().toString().substring(0, 8);
        String netId = client.createNetworkCmd().withName(network).withDriver("bridge").exec().getId();
        String peer = null;
        try {
            peer = client.createContainerCmd(SandboxTesting.IMAGE).withCmd("python3", "-m", "http.server", "8000")
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network)).exec().getId();
            client.startContainerCmd(peer).exec();
            String ip = client.inspectContainerCmd(peer).exec().getNetworkSettings().getNetworks().get(network)
                    .getIpAddress();
            String control = waitForPeer(peer, ip);
            assertThat(control).as("control: the peer answers on its own network").contains("CONNECTED");

            ExecResult r = fx.sh(PROBE + ip + ":8000");

            assertThat(r.output()).contains(ip + ":8000 blocked: Network is unreachable");
        } finally {
            if (peer != null) {
                client.removeContainerCmd(peer).withForce(true).exec();
            }
            client.removeNetworkCmd(netId).exec();
        }
    }

    private static String waitForPeer(String peer, String ip) throws InterruptedException {
        var client = fx.docker.client();
        String out = "";
        for (int i = 0; i < 50 && !out.contains("CONNECTED"); i++) {
            Thread.sleep(100);
            String exec = client.execCreateCmd(peer).withCmd("bash", "-c", PROBE + ip + ":8000")
                    .withAttachStdout(true).exec().getId();
            try (var response = fx.docker.http().execute(com.github.dockerjava.transport.DockerHttpClient.Request
                    .builder().method(com.github.dockerjava.transport.DockerHttpClient.Request.Method.POST)
                    .path("/exec/" + exec + "/start").putHeader("Content-Type", "application/json")
                    .bodyBytes("{\"Detach\":false,\"Tty\":true}".getBytes()).build())) {
                out = new String(response.getBody().readAllBytes());
            } catch (java.io.IOException e) {
                out = e.toString();
            }
        }
        return out;
    }

    private static List<String> hostAddresses() throws Exception {
        return NetworkInterface.networkInterfaces().filter(n -> !isLoopback(n))
                .flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address)
                .map(InetAddress::getHostAddress).toList();
    }

    private static boolean isLoopback(NetworkInterface n) {
        try {
            return n.isLoopback();
        } catch (java.net.SocketException e) {
            return true;
        }
    }
}
