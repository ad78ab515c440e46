package dev.baton.compose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine guard: a filtering HTTP proxy in front of the Docker engine's socket, the only engine access the
 * engineer container gets. It forwards the few calls the sandbox layer makes and only for sandbox containers:
 * ping/version, image inspect, create (only with the sandbox's flags, see {@link SandboxPolicy}), and
 * start/pause/unpause/stop/kill/rename/inspect/remove/exec of containers labelled {@code dev.baton.sandbox=true},
 * exec start/inspect of execs in such containers, and listing filtered on that label. Everything else gets 403
 * with a reason, a malformed request 400. One upstream connection per request ({@code Connection: close}), so
 * each request is checked.
 *
 * <p>Environment: {@code GUARD_PORT} (2375), {@code GUARD_ENGINE} (/var/run/docker.sock), {@code GUARD_IMAGE}
 * (baton/sandbox:dev), {@code GUARD_WORKSPACE_ROOT} (the only host directory binds may come from, mounted into
 * the guard at the same path), {@code GUARD_CONTAINER_USER} (10002:10002) and {@code GUARD_EXEC_USER}
 * (10001:10001), the sandbox's keeper and command users.
 */
public final class EngineGuard {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERSION = Pattern.compile("^/v1\\.\\d+(/.*)$");
    private static final Pattern CONTAINER = Pattern.compile(
            "^/containers/([A-Za-z0-9_.-]+)(/(start|pause|unpause|stop|kill|rename|json|exec|wait))?$");
    private static final Pattern EXEC = Pattern.compile("^/exec/([A-Za-z0-9]+)/(start|json|resize)$");
    private static final Pattern IMAGE = Pattern.compile("^/images/(.+)/json$");

    private final Path engine;
    private final SandboxPolicy policy;

    EngineGuard(Path engine, SandboxPolicy policy) {
        this.engine = engine;
        this.policy = policy;
    }

    public static void main(String[] args) throws IOException {
        var env = System.getenv();
        String root = env.get("GUARD_WORKSPACE_ROOT");
        if (root == null || !root.startsWith("/")) {
            System.err.println("engine-guard: set GUARD_WORKSPACE_ROOT to the absolute host directory of the workspaces");
            System.exit(2);
        }
        var policy = new SandboxPolicy(env.getOrDefault("GUARD_IMAGE", "baton/sandbox:dev"), Path.of(root),
                env.getOrDefault("GUARD_CONTAINER_USER", "10002:10002"), env.getOrDefault("GUARD_EXEC_USER", "10001:10001"));
        var guard = new EngineGuard(Path.of(env.getOrDefault("GUARD_ENGINE", "/var/run/docker.sock")), policy);
        int port = Integer.parseInt(env.getOrDefault("GUARD_PORT", "2375"));
        try (var server = new ServerSocket()) {
            server.bind(new InetSocketAddress(port), 64);
            System.out.println("engine-guard: listening on " + port + ", engine " + guard.engine + ", " + policy);
            while (true) {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> guard.serve(client));
            }
        }
    }

    /** One request per connection from the client's point of view: the answer carries Connection: close. */
    void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            GuardRequest request;
            String refusal;
            try {
                request = GuardRequest.read(in);
                if (request == null) {
                    return;
                }
                refusal = refusal(request);
            } catch (JsonProcessingException | GuardRequest.Malformed e) {
                String why = e.getMessage().lines().findFirst().orElse("");
                System.out.println("engine-guard: BAD REQUEST: " + why);
                deny(client.getOutputStream(), 400, "Bad Request", "malformed request: " + why);
                return;
            }
            if (refusal != null) {
                System.out.println("engine-guard: REFUSED " + request.method() + " " + request.target() + ": "
                        + refusal);
                deny(client.getOutputStream(), 403, "Forbidden", refusal);
                return;
            }
            forward(request, in, client);
        } catch (IOException | RuntimeException e) {
            System.out.println("engine-guard: connection error: " + e);
        }
    }

    /** Null when allowed, else why not. */
    String refusal(GuardRequest r) throws IOException {
        String path = r.path();
        Matcher v = VERSION.matcher(path);
        if (v.matches()) {
            path = v.group(1);
        }
        String m = r.method();
        if ((m.equals("GET") || m.equals("HEAD")) && (path.equals("/_ping") || path.equals("/version"))) {
            return null;
        }
        if (m.equals("GET") && IMAGE.matcher(path).matches()) {
            return null;
        }
        if (m.equals("POST") && path.equals("/containers/create")) {
            return policy.create(body(r));
        }
        if (m.equals("GET") && path.equals("/containers/json")) {
            String filters = r.query("filters");
            return filters != null && filters.contains(SandboxPolicy.LABEL + "=true") ? null
                    : "listing containers needs the filter label=" + SandboxPolicy.LABEL + "=true";
        }
        Matcher c = CONTAINER.matcher(path);
        if (c.matches() && !c.group(1).equals("create")) {
            return containerRefusal(m, path, c.group(1), c.group(3) == null ? "" : c.group(3), r);
        }
        Matcher e = EXEC.matcher(path);
        if (e.matches() && (m.equals("POST") || (m.equals("GET") && e.group(2).equals("json")))) {
            JsonNode exec = engineGet("/exec/" + e.group(1) + "/json");
            String container = exec == null ? null : exec.path("ContainerID").asText(null);
            return container != null && sandbox(container) != null ? null
                    : "exec " + e.group(1) + " is not in a Baton sandbox";
        }
        return m + " " + path + " is not allowed through the engine guard";
    }

    private String containerRefusal(String m, String path, String id, String action, GuardRequest r)
            throws IOException {
        boolean ok = switch (m) {
            case "GET" -> action.equals("json");
            case "DELETE" -> action.isEmpty();
            case "POST" -> !action.isEmpty() && !action.equals("json");
            default -> false;
        };
        if (!ok) {
            return m + " " + path + " is not a sandbox operation";
        }
        JsonNode container = sandbox(id);
        if (container == null) {
            return "container " + id + " is not a Baton sandbox";
        }
        return switch (action) {
            case "exec" -> policy.exec(body(r));
            case "start" -> policy.start(container);
            default -> null;
        };
    }

    private static JsonNode body(GuardRequest r) throws IOException {
        JsonNode body = r.body().length == 0 ? null : JSON.readTree(r.body());
        return body == null ? JSON.createObjectNode() : body;
    }

    /** The container's inspect document when it is a Baton sandbox, else null. */
    private JsonNode sandbox(String idOrName) throws IOException {
        JsonNode c = engineGet("/containers/" + idOrName + "/json");
        return c != null && "true".equals(c.path("Config").path("Labels").path(SandboxPolicy.LABEL).asText()) ? c
                : null;
    }

    private JsonNode engineGet(String path) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(engine));
            OutputStream out = Channels.newOutputStream(ch);
            out.write(("GET " + path + " HTTP/1.0\r\nHost: docker\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] all = Channels.newInputStream(ch).readAllBytes();
            String text = new String(all, StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.1 200") && !text.startsWith("HTTP/1.0 200") || split < 0) {
                return null;
            }
            return JSON.readTree(text.substring(split + 4));
        }
    }

    private void forward(GuardRequest r, InputStream clientIn, Socket client) throws IOException {
        try (SocketChannel up = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            up.connect(UnixDomainSocketAddress.of(engine));
            OutputStream upOut = Channels.newOutputStream(up);
            upOut.write(r.head(r.upgrade() ? "Upgrade" : "close"));
            upOut.write(r.body());
            upOut.flush();
            OutputStream clientOut = client.getOutputStream();
            if (r.upgrade()) {
                // a hijacked exec stream: the client may write to the process's stdin
                Thread.ofVirtual().start(() -> {
                    try {
                        clientIn.transferTo(upOut);
                        up.shutdownOutput();
                    } catch (IOException ignored) {
                        // the exec ended
                    }
                });
            }
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            while (up.read(buf) > 0) {
                clientOut.write(buf.array(), 0, buf.position());
                clientOut.flush();
                buf.clear();
            }
        }
    }

    private static void deny(OutputStream out, int status, String text, String reason) throws IOException {
        byte[] body = JSON.writeValueAsBytes(Map.of("message", "engine-guard: " + reason));
        out.write(("HTTP/1.1 " + status + " " + text + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }
}
