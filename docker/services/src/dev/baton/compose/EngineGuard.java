package dev.baton.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine guard: a filtering HTTP proxy in front of the Docker engine's socket, the only engine access the
 * engineer container gets. It forwards the few calls the sandbox layer makes and only for sandbox containers:
 * ping/version, image inspect, create (only with the sandbox's flags, see {@link #createRefusal}), and
 * start/pause/unpause/stop/kill/rename/inspect/remove/exec of containers labelled {@code dev.baton.sandbox=true},
 * exec start/inspect of execs in such containers, and listing filtered on that label. Everything else gets 403
 * with a reason. One upstream connection per request ({@code Connection: close}), so each request is checked.
 *
 * <p>Environment: {@code GUARD_PORT} (2375), {@code GUARD_ENGINE} (/var/run/docker.sock), {@code GUARD_IMAGE}
 * (baton/sandbox:dev), {@code GUARD_WORKSPACE_ROOT} (the only host directory binds may come from).
 */
public final class EngineGuard {
    static final String LABEL = "dev.baton.sandbox";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERSION = Pattern.compile("^/v1\\.\\d+(/.*)$");
    private static final Pattern CONTAINER = Pattern.compile(
            "^/containers/([A-Za-z0-9_.-]+)(/(start|pause|unpause|stop|kill|rename|json|exec|wait))?$");
    private static final Pattern EXEC = Pattern.compile("^/exec/([A-Za-z0-9]+)/(start|json|resize)$");
    private static final Pattern IMAGE = Pattern.compile("^/images/(.+)/json$");

    private final Path engine;
    private final String image;
    private final String workspaceRoot;

    EngineGuard(Path engine, String image, String workspaceRoot) {
        this.engine = engine;
        this.image = image;
        this.workspaceRoot = Path.of(workspaceRoot).normalize().toString();
    }

    public static void main(String[] args) throws IOException {
        var env = System.getenv();
        String root = env.get("GUARD_WORKSPACE_ROOT");
        if (root == null || !root.startsWith("/")) {
            System.err.println("engine-guard: set GUARD_WORKSPACE_ROOT to the absolute host directory of the workspaces");
            System.exit(2);
        }
        var guard = new EngineGuard(Path.of(env.getOrDefault("GUARD_ENGINE", "/var/run/docker.sock")),
                env.getOrDefault("GUARD_IMAGE", "baton/sandbox:dev"), root);
        int port = Integer.parseInt(env.getOrDefault("GUARD_PORT", "2375"));
        try (var server = new ServerSocket()) {
            server.bind(new InetSocketAddress(port), 64);
            System.out.println("engine-guard: listening on " + port + ", engine " + guard.engine + ", image "
                    + guard.image + ", workspaces under " + guard.workspaceRoot);
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
            Request request = Request.read(in);
            if (request == null) {
                return;
            }
            String refusal = refusal(request);
            if (refusal != null) {
                System.out.println("engine-guard: REFUSED " + request.method + " " + request.target + ": " + refusal);
                deny(client.getOutputStream(), refusal);
                return;
            }
            forward(request, in, client);
        } catch (IOException | RuntimeException e) {
            System.out.println("engine-guard: connection error: " + e);
        }
    }

    /** Null when allowed, else why not. */
    String refusal(Request r) throws IOException {
        String path = r.path();
        Matcher v = VERSION.matcher(path);
        if (v.matches()) {
            path = v.group(1);
        }
        String m = r.method;
        if ((m.equals("GET") || m.equals("HEAD")) && (path.equals("/_ping") || path.equals("/version"))) {
            return null;
        }
        Matcher im = IMAGE.matcher(path);
        if (m.equals("GET") && im.matches()) {
            return null;
        }
        if (m.equals("POST") && path.equals("/containers/create")) {
            return createRefusal(JSON.readTree(r.body));
        }
        if (m.equals("GET") && path.equals("/containers/json")) {
            String filters = r.query("filters");
            return filters != null && filters.contains(LABEL + "=true") ? null
                    : "listing containers needs the filter label=" + LABEL + "=true";
        }
        Matcher c = CONTAINER.matcher(path);
        if (c.matches() && !c.group(1).equals("create")) {
            String action = c.group(3) == null ? "" : c.group(3);
            boolean ok = switch (m) {
                case "GET" -> action.equals("json");
                case "DELETE" -> action.isEmpty();
                case "POST" -> !action.isEmpty() && !action.equals("json");
                default -> false;
            };
            if (!ok) {
                return m + " " + path + " is not a sandbox operation";
            }
            if (action.equals("exec")) {
                JsonNode body = JSON.readTree(r.body);
                if (body.path("Privileged").asBoolean(false)) {
                    return "privileged exec is not allowed";
                }
            }
            return isSandbox(c.group(1)) ? null : "container " + c.group(1) + " is not a Baton sandbox";
        }
        Matcher e = EXEC.matcher(path);
        if (e.matches() && (m.equals("POST") || (m.equals("GET") && e.group(2).equals("json")))) {
            JsonNode exec = engineGet("/exec/" + e.group(1) + "/json");
            String container = exec == null ? null : exec.path("ContainerID").asText(null);
            return container != null && isSandbox(container) ? null : "exec " + e.group(1) + " is not in a Baton sandbox";
        }
        return m + " " + path + " is not allowed through the engine guard";
    }

    /** The sandbox's flags (see the engineer's ContainerSpec) are required; anything that widens them is refused. */
    String createRefusal(JsonNode body) {
        List<String> why = new ArrayList<>();
        if (!image.equals(body.path("Image").asText())) {
            why.add("image must be " + image);
        }
        if (!"true".equals(body.path("Labels").path(LABEL).asText())) {
            why.add("label " + LABEL + "=true is required");
        }
        String user = body.path("User").asText("");
        if (user.isEmpty() || user.equals("root") || user.startsWith("0:") || user.equals("0")) {
            why.add("a non-root User is required");
        }
        JsonNode h = body.path("HostConfig");
        if (h.path("Privileged").asBoolean(false)) {
            why.add("privileged mode is not allowed");
        }
        if (!"none".equals(h.path("NetworkMode").asText())) {
            why.add("NetworkMode must be none");
        }
        if (!h.path("ReadonlyRootfs").asBoolean(false)) {
            why.add("ReadonlyRootfs is required");
        }
        if (!texts(h.path("CapDrop")).contains("ALL")) {
            why.add("CapDrop ALL is required");
        }
        if (!texts(h.path("CapAdd")).isEmpty()) {
            why.add("added capabilities are not allowed");
        }
        List<String> secOpts = texts(h.path("SecurityOpt"));
        if (!secOpts.contains("no-new-privileges") && !secOpts.contains("no-new-privileges:true")) {
            why.add("SecurityOpt no-new-privileges is required");
        }
        for (String opt : secOpts) {
            if (!opt.startsWith("no-new-privileges")) {
                why.add("SecurityOpt " + opt + " is not allowed");
            }
        }
        for (String field : List.of("Devices", "DeviceRequests", "DeviceCgroupRules", "VolumesFrom", "Links",
                "ExtraHosts", "Mounts")) {
            if (!texts(h.path(field)).isEmpty() || h.path(field).size() > 0) {
                why.add(field + " are not allowed");
            }
        }
        if (h.path("Sysctls").size() > 0) {
            why.add("Sysctls are not allowed");
        }
        for (String mode : List.of("PidMode", "IpcMode", "UTSMode", "UsernsMode", "CgroupnsMode", "Cgroup")) {
            String value = h.path(mode).asText("");
            if (value.equals("host") || value.startsWith("container:")) {
                why.add(mode + " " + value + " is not allowed");
            }
        }
        if (!h.path("CgroupParent").asText("").isEmpty() || !h.path("Runtime").asText("").isEmpty()) {
            why.add("CgroupParent and Runtime must be the engine's defaults");
        }
        if (h.path("Memory").asLong(0) <= 0 || h.path("PidsLimit").asLong(0) <= 0 || h.path("NanoCpus").asLong(0) <= 0) {
            why.add("Memory, NanoCpus and PidsLimit limits are required");
        }
        if (h.path("PortBindings").size() > 0 || h.path("PublishAllPorts").asBoolean(false)) {
            why.add("published ports are not allowed");
        }
        if (body.path("Volumes").size() > 0) {
            why.add("anonymous volumes are not allowed");
        }
        List<String> binds = texts(h.path("Binds"));
        if (binds.size() != 1) {
            why.add("exactly one bind (the task's workspace) is required");
        }
        for (String bind : binds) {
            String[] parts = bind.split(":");
            String source = Path.of(parts[0]).normalize().toString();
            if (parts.length < 2 || !parts[0].startsWith("/") || parts[0].contains("..")
                    || !source.startsWith(workspaceRoot + "/") || source.substring(workspaceRoot.length() + 1).isEmpty()
                    || !parts[1].equals("/workspace")) {
                why.add("bind " + bind + " is not a workspace under " + workspaceRoot + " mounted at /workspace");
            }
            if (parts.length > 2 && parts[2].matches(".*(shared|slave|rshared|rslave).*")) {
                why.add("bind propagation " + parts[2] + " is not allowed");
            }
        }
        return why.isEmpty() ? null : String.join("; ", why);
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.isTextual() ? n.asText() : n.toString()));
        return out;
    }

    private boolean isSandbox(String idOrName) throws IOException {
        JsonNode c = engineGet("/containers/" + idOrName + "/json");
        return c != null && "true".equals(c.path("Config").path("Labels").path(LABEL).asText());
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

    private void forward(Request r, InputStream clientIn, Socket client) throws IOException {
        try (SocketChannel up = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            up.connect(UnixDomainSocketAddress.of(engine));
            OutputStream upOut = Channels.newOutputStream(up);
            upOut.write(r.head(r.upgrade() ? "Upgrade" : "close"));
            upOut.write(r.body);
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

    private static void deny(OutputStream out, String reason) throws IOException {
        byte[] body = JSON.writeValueAsBytes(Map.of("message", "engine-guard: " + reason));
        out.write(("HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** A request head plus its whole body (de-chunked). */
    record Request(String method, String target, String version, Map<String, String> headers, List<String> rawHeaders,
            byte[] body) {
        static Request read(InputStream in) throws IOException {
            String line = line(in);
            if (line == null || line.isEmpty()) {
                return null;
            }
            String[] start = line.split(" ", 3);
            if (start.length != 3) {
                throw new IOException("bad request line");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            List<String> raw = new ArrayList<>();
            for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                if (colon > 0) {
                    headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
                    raw.add(h);
                }
            }
            byte[] body;
            if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
                var all = new ByteArrayOutputStream();
                for (int size; (size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) > 0; ) {
                    all.write(in.readNBytes(size));
                    line(in);
                }
                while (true) {
                    String trailer = line(in);
                    if (trailer == null || trailer.isEmpty()) {
                        break;
                    }
                }
                body = all.toByteArray();
            } else {
                int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
                if (length > 1 << 20) {
                    throw new IOException("request body over 1 MiB");
                }
                body = in.readNBytes(length);
            }
            return new Request(start[0], start[1], start[2], headers, raw, body);
        }

        String path() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }

        String query(String name) {
            int q = target.indexOf('?');
            if (q < 0) {
                return null;
            }
            for (String pair : target.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals(name)) {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
        }

        boolean upgrade() {
            return headers.containsKey("upgrade");
        }

        byte[] head(String connection) {
            var sb = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
            for (String h : rawHeaders) {
                String name = h.substring(0, h.indexOf(':')).trim().toLowerCase(Locale.ROOT);
                if (!name.equals("connection") && !name.equals("transfer-encoding") && !name.equals("content-length")
                        && !name.equals("keep-alive")) {
                    sb.append(h).append("\r\n");
                }
            }
            sb.append("Connection: ").append(connection).append("\r\n");
            sb.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        }

        private static String line(InputStream in) throws IOException {
            var out = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    break;
                }
                if (out.size() > 16 * 1024) {
                    throw new IOException("header line too long");
                }
                out.write(b);
            }
            if (b == -1 && out.size() == 0) {
                return null;
            }
            String s = out.toString(StandardCharsets.ISO_8859_1);
            return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }
    }
}
