package dev.baton.compose;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.Semaphore;

/**
 * A TCP relay: accepts on every interface and copies bytes both ways to one target. As a service
 * ({@code main}) it is the coordinator's published port: the only container on a network with a published port,
 * relaying to the coordinator, which itself sits on internal networks only (Docker publishes no port of a
 * container that is only on internal networks). The compose helpers also use it to expose a server that binds
 * loopback only. Holds no state and no secret; a broken connection ends only that connection.
 *
 * <p>Environment of {@code main}: {@code RELAY_PORT} (8080) and {@code RELAY_TARGET} ({@code host:port}).
 */
public final class TcpRelay {
    private static final int MAX_CONNECTIONS = 256;
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private TcpRelay() {}

    public static void main(String[] args) throws IOException {
        var env = System.getenv();
        String target = env.getOrDefault("RELAY_TARGET", "");
        int colon = target.lastIndexOf(':');
        if (colon <= 0) {
            System.err.println("tcp-relay: set RELAY_TARGET to host:port (the service to relay to)");
            System.exit(2);
        }
        int port = Integer.parseInt(env.getOrDefault("RELAY_PORT", "8080"));
        System.out.println("tcp-relay: :" + port + " -> " + target);
        serve(port, target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
    }

    /** Relays connections on {@code port} (every interface) to {@code host:targetPort}; never returns. */
    public static void serve(int port, String host, int targetPort) throws IOException {
        var slots = new Semaphore(MAX_CONNECTIONS);
        try (var server = new ServerSocket()) {
            server.bind(new InetSocketAddress(port), 64);
            while (true) {
                Socket client = server.accept();
                if (!slots.tryAcquire()) {
                    client.close(); // over the connection cap: refuse rather than queue without bound
                    continue;
                }
                Thread.ofVirtual().start(() -> {
                    try {
                        relay(client, host, targetPort);
                    } finally {
                        slots.release();
                    }
                });
            }
        }
    }

    private static void relay(Socket client, String host, int port) {
        try (client; var upstream = new Socket()) {
            upstream.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            Thread back = Thread.ofVirtual().start(() -> copy(upstream, client));
            copy(client, upstream);
            back.join();
        } catch (IOException | InterruptedException e) {
            // the target is down or a peer went away: this connection ends, the relay goes on
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            in.transferTo(out);
            to.shutdownOutput();
        } catch (IOException e) {
            // closed
        }
    }
}
