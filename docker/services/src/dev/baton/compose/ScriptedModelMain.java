package dev.baton.compose;

import dev.baton.launcher.up.DemoModel;
import dev.baton.testkit.ScriptedModelServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The scripted demo model ({@link DemoModel} on the testkit's {@link ScriptedModelServer}) as a compose service,
 * for runs without a real provider. The server binds loopback only, so this relays {@code MODEL_PORT} (8000) on
 * every interface to it. Reachable only by the vault proxy (its own network in docker-compose.yml).
 */
public final class ScriptedModelMain {
    private ScriptedModelMain() {}

    public static void main(String[] args) throws IOException {
        ScriptedModelServer model = ScriptedModelServer.start();
        DemoModel.install(model);
        int port = Integer.parseInt(System.getenv().getOrDefault("MODEL_PORT", "8000"));
        try (var server = new ServerSocket()) {
            server.bind(new InetSocketAddress(port), 64);
            System.out.println("scripted-model: SCRIPTED demo model on :" + port + "/v1 (canned answers)");
            while (true) {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> relay(client, model.port()));
            }
        }
    }

    private static void relay(Socket client, int target) {
        try (client; var upstream = new Socket(InetAddress.getLoopbackAddress(), target)) {
            Thread back = Thread.ofVirtual().start(() -> copy(upstream, client));
            copy(client, upstream);
            back.join();
        } catch (IOException | InterruptedException e) {
            // the peer went away
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
