package dev.baton.compose;

import dev.baton.launcher.up.DemoModel;
import dev.baton.testkit.ScriptedModelServer;
import java.io.IOException;
import java.net.InetAddress;

/**
 * The scripted demo model ({@link DemoModel} on the testkit's {@link ScriptedModelServer}) as a compose service,
 * for runs without a real provider. The server binds loopback only, so this relays {@code MODEL_PORT} (8000) on
 * every interface to it ({@link TcpRelay}). Reachable only by the vault proxy (its own network in docker-compose.yml).
 */
public final class ScriptedModelMain {
    private ScriptedModelMain() {}

    public static void main(String[] args) throws IOException {
        ScriptedModelServer model = ScriptedModelServer.start();
        DemoModel.install(model);
        int port = Integer.parseInt(System.getenv().getOrDefault("MODEL_PORT", "8000"));
        System.out.println("scripted-model: SCRIPTED demo model on :" + port + "/v1 (canned answers)");
        TcpRelay.serve(port, InetAddress.getLoopbackAddress().getHostAddress(), model.port());
    }
}
